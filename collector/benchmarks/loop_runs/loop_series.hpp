// The runs of one series (a round-trip variant, an interposition mechanism and call) aggregated
// across runs, and how a series' statistics appear in summary.json.
//
// Per series: RunStats over the usable runs' cycles per call (pair/run_stats.hpp has the
// definitions); floor.min = the smallest floor min of its runs, floor.p50 = the median of its
// runs' floor p50s. Outlier runs (more than outlier_factor away from the series' median, either
// direction) are flagged and kept.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "benchmarks/loop_runs/loop_run.hpp"
#include "pair/run_stats.hpp"

namespace iprobe {

struct LoopSeries {
  std::string name;
  std::string binary;         // program path that was run (host side)
  std::vector<LoopRun> runs;  // every attempted run, in run order
  // Over the usable runs' cycles per call. max is not in summary.json: read back, it comes
  // from the kind's runs.csv (ReadDepth::kWithSamples).
  RunStats stats;
  std::optional<TscFloor> floor;  // min of floor mins, median of floor p50s, summed samples
  std::vector<uint32_t> outlier_runs;
  uint64_t migrations = 0;                 // summed over usable runs
  uint64_t errors = 0;                     // summed over usable runs
  std::optional<double> ratio_to_fastest;  // set by a kind that ranks its series
  std::vector<double> usable_values() const;
};

// Aggregates the runs of one series; appends its warnings (failed runs, CPU migration, not
// pinned, unexpected call results, outliers) to `warnings`, each naming the series as
// "<what> <name> run <n>" (what: "variant", "mechanism"...).
LoopSeries aggregate_loop_runs(std::string name, std::string binary, std::vector<LoopRun> runs,
                               double outlier_factor, std::vector<std::string>& warnings,
                               std::string_view what = "variant");

// The smallest floor min, the median of the floor p50s and the summed samples of the usable
// runs that have a floor line, over every series; nullopt when none has.
std::optional<TscFloor> combined_floor(const std::vector<const LoopSeries*>& series);

// summary.json: {"n", "min", "p50", "mean", "stddev", "ci95"} of a series (null when n = 0), and
// the reverse (max stays 0: it is not written).
nlohmann::ordered_json run_stats_json(const RunStats& stats);
RunStats run_stats_from_json(const nlohmann::ordered_json& json);

// summary.json's members of a series: "cycles_per_call" (run_stats_json), "runs" (cycles per
// call per attempted run, null for a failed one, in run order), "floor", "migrations",
// "errors", "outlier_runs", "failed_runs" (run and reason); and the reverse, into a series
// (name set) whose usable runs have their cycles per call only (the loop totals are in the
// kind's runs.csv). Throw nlohmann::json::exception when a member is missing or of the wrong
// type.
void write_series_json(nlohmann::ordered_json& json, const LoopSeries& series);
void read_series_json(const nlohmann::ordered_json& json, LoopSeries& series);

}  // namespace iprobe
