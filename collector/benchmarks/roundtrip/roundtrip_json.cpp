// summary.json of a round-trip run: written and read here.
#include <algorithm>
#include <map>

#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "results/json_file.hpp"

using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

Json cycles_per_call_json(const RunStats& s) {
  if (s.n == 0) return nullptr;
  Json json{{"n", s.n},       {"min", s.min}, {"p50", s.p50},
            {"mean", s.mean}, {"max", s.max}, {"stddev", s.stddev}};
  json["ci95"] = s.ci95 ? Json::array({s.ci95->first, s.ci95->second}) : Json(nullptr);
  return json;
}

Json variant_json(const VariantResult& v) {
  Json runs = Json::array();
  Json failed = Json::array();
  for (const RoundtripRunResult& r : v.runs) {
    runs.push_back(r.usable() ? Json(r.cycles_per_call) : Json(nullptr));
    if (!r.usable()) failed.push_back(Json{{"run", r.run}, {"reason", r.failure}});
  }
  Json json{{"binary", v.binary}, {"cycles_per_call", cycles_per_call_json(v.stats)}};
  json["runs"] = std::move(runs);
  json["ratio_to_fastest"] = v.ratio_to_fastest ? Json(*v.ratio_to_fastest) : Json(nullptr);
  json["floor"] = floor_json(v.floor, false);
  json["migrations"] = v.migrations;
  json["errors"] = v.errors;
  json["outlier_runs"] = v.outlier_runs;
  json["failed_runs"] = std::move(failed);
  return json;
}

}  // namespace

void write_roundtrip_summary_json(Json& json, const ResultsHeader& h, const RoundtripResults& s) {
  json["scenario"] = h.scenario;
  json["iterations"] = h.iterations;
  json["warmup"] = h.warmup.value_or(0);
  json["runs"] = s.runs;
  json["call"] = nullptr;
  if (s.call) {
    json["call"] = call_json(*s.call);
    json["call"]["patch_hook"] = patch_hook_json(s.patch_hook);
  }
  json["subtract_floor"] = s.subtract_floor;
  json["outlier_factor"] = s.outlier_factor;
  Json variants = Json::object();
  for (const VariantResult& v : s.variants) variants[v.name] = variant_json(v);
  json["variants"] = std::move(variants);
  json["missing_variants"] = s.missing_variants;
  json["tsc_floor_cycles"] = floor_json(s.tsc_floor, true);
}

namespace {

RunStats stats_from_json(const Json& json) {
  RunStats st;
  if (json.is_null()) return st;
  st.n = json.at("n").get<std::size_t>();
  st.min = json.at("min").get<double>();
  st.p50 = json.at("p50").get<double>();
  st.mean = json.at("mean").get<double>();
  // Summaries before issue 22 have no max: variant_from_json takes it from the runs.
  st.max = json.value("max", 0.0);
  st.stddev = json.at("stddev").get<double>();
  if (const Json& ci = json.at("ci95"); !ci.is_null())
    st.ci95 = std::make_pair(ci.at(0).get<double>(), ci.at(1).get<double>());
  return st;
}

// The runs of a variant from its "runs" array (cycles per call, or null for a failed run, in run
// order 1..R) and "failed_runs" (why); the loop totals of the usable ones are in runs.csv.
std::vector<RoundtripRunResult> runs_from_json(const std::string& variant, const Json& json) {
  std::map<uint32_t, std::string> failures;
  for (const Json& failed : json.at("failed_runs"))
    failures[failed.at("run").get<uint32_t>()] = failed.at("reason").get<std::string>();
  std::vector<RoundtripRunResult> runs;
  for (const Json& value : json.at("runs")) {
    RoundtripRunResult r;
    r.variant = variant;
    r.run = static_cast<uint32_t>(runs.size() + 1);
    if (value.is_null()) {
      const auto why = failures.find(r.run);
      r.failure = why != failures.end() ? why->second : "failed (no reason recorded)";
    } else {
      r.cycles_per_call = value.get<double>();
    }
    runs.push_back(std::move(r));
  }
  return runs;
}

VariantResult variant_from_json(const std::string& name, const Json& json) {
  VariantResult v;
  v.name = name;
  v.runs = runs_from_json(name, json);
  v.binary = json.at("binary").get<std::string>();
  v.stats = stats_from_json(json.at("cycles_per_call"));
  if (const Json& ratio = json.at("ratio_to_fastest"); !ratio.is_null())
    v.ratio_to_fastest = ratio.get<double>();
  v.floor = floor_from_json(json.at("floor"));
  v.migrations = json.at("migrations").get<uint64_t>();
  v.errors = json.at("errors").get<uint64_t>();
  v.outlier_runs = json.at("outlier_runs").get<std::vector<uint32_t>>();
  if (!json.at("cycles_per_call").contains("max")) {
    const std::vector<double> values = v.usable_values();
    if (!values.empty()) v.stats.max = *std::max_element(values.begin(), values.end());
  }
  return v;
}

}  // namespace

std::unique_ptr<RoundtripResults> read_roundtrip_summary_json(const Json& json, ResultsHeader& h) {
  auto s = std::make_unique<RoundtripResults>();
  h.scenario = json.at("scenario").get<std::string>();
  h.iterations = json.at("iterations").get<uint64_t>();
  h.warmup = json.at("warmup").get<uint64_t>();
  s->runs = json.at("runs").get<uint32_t>();
  // "cpu" of summaries before issue 22 repeats environment.cpu: not read.
  if (const auto call = json.find("call"); call != json.end() && !call->is_null()) {
    s->call = call_from_json(*call);
    s->patch_hook = patch_hook_from_json(call->at("patch_hook"));
  }
  s->subtract_floor = json.at("subtract_floor").get<bool>();
  s->outlier_factor = json.at("outlier_factor").get<double>();
  for (const auto& [name, variant] : json.at("variants").items())
    s->variants.push_back(variant_from_json(name, variant));
  s->missing_variants = json.at("missing_variants").get<std::vector<std::string>>();
  s->tsc_floor = floor_from_json(json.at("tsc_floor_cycles"));
  return s;
}

}  // namespace iprobe
