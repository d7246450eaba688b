// Folder report/: everything a results folder holds after a run: summary.json, pairs.csv,
// the human tables (entry and round-trip), the round-trip aggregation across runs, and the report
// pipeline that pairs the captured logs (pair/) and draws the plots (plot/).
//
// The collector's outputs: summary.json, pairs.csv and a short human table.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pair/anatomy.hpp"
#include "pair/pairing.hpp"
#include "util/types.hpp"

namespace iprobe {

// An extra probe of a cross-check run as summary.json "cross_check" holds it.
struct CrossCheckSummary {
  std::string probe;  // source name, e.g. "tracepoint"
  uint64_t paired = 0;
  uint64_t lost = 0;
  uint64_t missing = 0;  // user stamps without a stamp of this probe
  uint64_t order_violations = 0;
  LatencyStats enter_gap;  // primary enter - this probe's enter
  LatencyStats exit_gap;   // this probe's exit - primary exit
};

struct Summary {
  std::string scenario;
  std::string probe;  // e.g. "patch" / "module"
  std::string mode;   // e.g. "printk" / "buffer"
  std::string loop;   // the userspace loop program, when known (e.g. loop-entry-freestanding)
  uint64_t iterations = 0;
  uint32_t runs = 1;
  uint32_t run_id = 0;
  RunCounts counts;
  std::vector<uint32_t> foreign_runs;
  LatencyStats latency;                        // over same-CPU pairs only
  std::vector<std::string> probes;             // kernel probes in the order named, primary first
  std::optional<AnatomyStats> anatomy;         // absent when no pair has all four stamps
  std::vector<CrossCheckSummary> cross_check;  // one per extra probe
  std::optional<TscFloor> tsc_floor;
  std::optional<LoopTotal> total;  // round trip of the whole loop
  Environment environment;
  std::vector<std::string> warnings;
  std::vector<std::pair<std::string, std::string>> extra;  // written under "extra" as strings
};

// Fills iterations, run_id, counts, foreign runs, floor, total, warnings and probes from the
// pairing, the latency and anatomy statistics over its same-CPU pairs, and the cross-check of
// each extra probe. scenario/probe/mode/environment stay empty.
Summary summarize(const PairingResult& result);

// Throw std::runtime_error naming the path when it cannot be written.
void write_summary_json(const std::filesystem::path& path, const Summary& summary);
void write_summary_json(std::ostream& out, const Summary& summary);
// The reverse of write_summary_json, for `collector report`. Throws nlohmann::json::exception
// when a member is missing or of the wrong type.
Summary read_summary_json(const nlohmann::ordered_json& json);

// pairs.csv, one row per pair: "seq,cpu,kernel_cpu,u_before,u_after,<P>_enter,<P>_exit", then
// "<Q>_enter,<Q>_exit" for each extra probe Q in the order named, then
// "entry,kernel,exit,round_trip" of the primary probe P. cpu is the user-side CPU, kernel_cpu
// the primary probe's (same-CPU pairs make the latency statistics). A cell is empty where the
// value is absent (format-1 input: u_after, P_exit, kernel, exit, round_trip; a call an extra
// probe did not stamp).
struct PairsCsv {
  std::string primary = "kernel";  // P's name; "kernel" when the probe is unknown
  std::span<const Pair> pairs;
  std::span<const ExtraProbe> extra;  // each with at_pair as long as pairs
};
std::string pairs_csv_header(std::string_view primary, std::span<const ExtraProbe> extra);
void write_pairs_csv(const std::filesystem::path& path, const PairsCsv& csv);
void write_pairs_csv(std::ostream& out, const PairsCsv& csv);

void print_summary_table(std::ostream& out, const Summary& summary);

}  // namespace iprobe
