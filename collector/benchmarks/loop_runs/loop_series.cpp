#include "benchmarks/loop_runs/loop_series.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "results/json_file.hpp"
#include "util/text_format.hpp"

using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

// The warnings of one usable run: migration, pinning, unexpected results, malformed lines.
void warn_about_run(const LoopRun& r, const std::string& label,
                    std::vector<std::string>& warnings) {
  const LoopTotal& t = *r.total;
  if (t.migrations > 0 || t.cpu_start != t.cpu_end)
    warnings.push_back(label + ": CPU migration during the loop (cpu " +
                       std::to_string(t.cpu_start) + " -> " + std::to_string(t.cpu_end) + ", " +
                       std::to_string(t.migrations) + " migrations)");
  if (r.header->cpu < 0) {
    warnings.push_back(label + ": the loop was not pinned to a CPU");
  } else if (static_cast<uint32_t>(r.header->cpu) != t.cpu_start) {
    warnings.push_back(label + ": pinned to CPU " + std::to_string(r.header->cpu) +
                       " but started on CPU " + std::to_string(t.cpu_start));
  }
  if (t.errors > 0)
    warnings.push_back(label + ": " + std::to_string(t.errors) + " of " + std::to_string(t.calls) +
                       " calls returned an unexpected result");
  if (r.rejected > 0)
    warnings.push_back(label + ": " + std::to_string(r.rejected) +
                       " malformed ioprobe lines ignored");
}

}  // namespace

std::vector<double> LoopSeries::usable_values() const {
  std::vector<double> values;
  for (const LoopRun& r : runs)
    if (r.usable()) values.push_back(r.cycles_per_call);
  return values;
}

LoopSeries aggregate_loop_runs(std::string name, std::string binary, std::vector<LoopRun> runs,
                               double outlier_factor, std::vector<std::string>& warnings,
                               std::string_view what) {
  LoopSeries v;
  v.name = std::move(name);
  v.binary = std::move(binary);
  v.runs = std::move(runs);
  const std::string prefix = std::string(what) + " " + v.name;
  auto label = [&](uint32_t run) { return prefix + " run " + std::to_string(run); };

  std::vector<const LoopRun*> usable;
  for (const LoopRun& r : v.runs) {
    if (!r.usable()) {
      warnings.push_back(label(r.run) + " is left out: " + r.failure);
      continue;
    }
    usable.push_back(&r);
    v.migrations += r.total->migrations;
    v.errors += r.total->errors;
    warn_about_run(r, label(r.run), warnings);
  }
  v.floor = combined_floor({&v});

  const std::vector<double> values = v.usable_values();
  v.stats = compute_run_stats(values);
  if (values.empty()) {
    warnings.push_back(prefix + ": no usable run (see raw/" + v.name + "-*.log)");
    return v;
  }
  for (size_t i : outlier_indices(values, v.stats.p50, outlier_factor)) {
    const LoopRun& r = *usable[i];
    v.outlier_runs.push_back(r.run);
    warnings.push_back(label(r.run) + ": " + fixed(r.cycles_per_call) +
                       " cycles/call is more than " + fixed(outlier_factor) +
                       "x away from the median " + fixed(v.stats.p50) + " (outlier, kept)");
  }
  return v;
}

std::optional<TscFloor> combined_floor(const std::vector<const LoopSeries*>& series) {
  std::optional<TscFloor> floor;
  std::vector<double> p50s;
  for (const LoopSeries* s : series) {
    for (const LoopRun& r : s->runs) {
      if (!r.usable() || !r.floor) continue;
      if (!floor) floor = TscFloor{r.floor->min, 0, 0};
      floor->min = std::min(floor->min, r.floor->min);
      floor->samples += r.floor->samples;
      p50s.push_back(static_cast<double>(r.floor->p50));
    }
  }
  if (floor) floor->p50 = static_cast<uint64_t>(std::llround(median(p50s)));
  return floor;
}

Json run_stats_json(const RunStats& s) {
  if (s.n == 0) return nullptr;
  Json json{{"n", s.n},       {"min", s.min}, {"p50", s.p50},
            {"mean", s.mean}, {"max", s.max}, {"stddev", s.stddev}};
  json["ci95"] = s.ci95 ? Json::array({s.ci95->first, s.ci95->second}) : Json(nullptr);
  return json;
}

RunStats run_stats_from_json(const Json& json) {
  RunStats st;
  if (json.is_null()) return st;
  st.n = json.at("n").get<std::size_t>();
  st.min = json.at("min").get<double>();
  st.p50 = json.at("p50").get<double>();
  st.mean = json.at("mean").get<double>();
  // Summaries older than the provenance member have no max: read_series_json takes it from the
  // runs.
  st.max = json.value("max", 0.0);
  st.stddev = json.at("stddev").get<double>();
  if (const Json& ci = json.at("ci95"); !ci.is_null())
    st.ci95 = std::make_pair(ci.at(0).get<double>(), ci.at(1).get<double>());
  return st;
}

void write_series_json(Json& json, const LoopSeries& v) {
  json["cycles_per_call"] = run_stats_json(v.stats);
  Json runs = Json::array();
  Json failed = Json::array();
  for (const LoopRun& r : v.runs) {
    runs.push_back(r.usable() ? Json(r.cycles_per_call) : Json(nullptr));
    if (!r.usable()) failed.push_back(Json{{"run", r.run}, {"reason", r.failure}});
  }
  json["runs"] = std::move(runs);
  json["floor"] = floor_json(v.floor, false);
  json["migrations"] = v.migrations;
  json["errors"] = v.errors;
  json["outlier_runs"] = v.outlier_runs;
  json["failed_runs"] = std::move(failed);
}

void read_series_json(const Json& json, LoopSeries& v) {
  v.stats = run_stats_from_json(json.at("cycles_per_call"));
  std::map<uint32_t, std::string> failures;
  for (const Json& failed : json.at("failed_runs"))
    failures[failed.at("run").get<uint32_t>()] = failed.at("reason").get<std::string>();
  for (const Json& value : json.at("runs")) {
    LoopRun r;
    r.name = v.name;
    r.run = static_cast<uint32_t>(v.runs.size() + 1);
    if (value.is_null()) {
      const auto why = failures.find(r.run);
      r.failure = why != failures.end() ? why->second : "failed (no reason recorded)";
    } else {
      r.cycles_per_call = value.get<double>();
    }
    v.runs.push_back(std::move(r));
  }
  v.floor = floor_from_json(json.at("floor"));
  v.migrations = json.at("migrations").get<uint64_t>();
  v.errors = json.at("errors").get<uint64_t>();
  v.outlier_runs = json.at("outlier_runs").get<std::vector<uint32_t>>();
  if (!json.at("cycles_per_call").is_null() && !json.at("cycles_per_call").contains("max")) {
    const std::vector<double> values = v.usable_values();
    if (!values.empty()) v.stats.max = *std::max_element(values.begin(), values.end());
  }
}

}  // namespace iprobe
