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
#include <utility>
#include <vector>

#include "pair/pairing.hpp"
#include "util/types.hpp"

namespace iprobe {

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
  LatencyStats latency;  // over same-CPU pairs only
  std::optional<TscFloor> tsc_floor;
  std::optional<LoopTotal> total;  // round trip of the whole loop
  Environment environment;
  std::vector<std::string> warnings;
  std::vector<std::pair<std::string, std::string>> extra;  // written under "extra" as strings
};

// Fills iterations, run_id, counts, foreign runs, floor, total and warnings from the pairing, and
// the latency statistics over its same-CPU pairs. scenario/probe/mode/environment stay empty.
Summary summarize(const PairingResult& result);

// Throw std::runtime_error naming the path when it cannot be written.
void write_summary_json(const std::filesystem::path& path, const Summary& summary);
void write_summary_json(std::ostream& out, const Summary& summary);
// The reverse of write_summary_json, for `collector report`. Throws nlohmann::json::exception
// when a member is missing or of the wrong type.
Summary read_summary_json(const nlohmann::ordered_json& json);
// {n, min, p50, mean, p99, max, stddev} as written for latency_cycles (and each anatomy part).
LatencyStats latency_from_json(const nlohmann::ordered_json& json);

// Header "run,seq,cpu,kernel_cpu,user_tsc,kernel_tsc,delta"; cpu is the user-side CPU, run is
// 8 hex digits.
void write_pairs_csv(const std::filesystem::path& path, std::span<const Pair> pairs);
void write_pairs_csv(std::ostream& out, std::span<const Pair> pairs);

void print_summary_table(std::ostream& out, const Summary& summary);

}  // namespace iprobe
