// summary.json of a round-trip run: written and read here.

#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "results/json_file.hpp"

using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

Json variant_json(const LoopSeries& v) {
  Json json{{"binary", v.binary}};
  write_series_json(json, v);
  json["ratio_to_fastest"] = v.ratio_to_fastest ? Json(*v.ratio_to_fastest) : Json(nullptr);
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
  for (const LoopSeries& v : s.variants) variants[v.name] = variant_json(v);
  json["variants"] = std::move(variants);
  json["missing_variants"] = s.missing_variants;
  json["tsc_floor_cycles"] = floor_json(s.tsc_floor, true);
}

namespace {

LoopSeries variant_from_json(const std::string& name, const Json& json) {
  LoopSeries v;
  v.name = name;
  v.binary = json.at("binary").get<std::string>();
  read_series_json(json, v);
  if (const Json& ratio = json.at("ratio_to_fastest"); !ratio.is_null())
    v.ratio_to_fastest = ratio.get<double>();
  return v;
}

}  // namespace

std::unique_ptr<RoundtripResults> read_roundtrip_summary_json(const Json& json, ResultsHeader& h) {
  auto s = std::make_unique<RoundtripResults>();
  h.scenario = json.at("scenario").get<std::string>();
  h.iterations = json.at("iterations").get<uint64_t>();
  h.warmup = json.at("warmup").get<uint64_t>();
  s->runs = json.at("runs").get<uint32_t>();
  // "cpu" of summaries older than the provenance member repeats environment.cpu: not read.
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
