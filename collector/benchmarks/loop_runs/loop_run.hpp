// Folder benchmarks/loop_runs/: what the kinds that run a loop program once per run share (the
// round trip, the interposition benchmark): one run read back from its output (loop_run), the
// runs of one series aggregated across runs (loop_series), and the runner that starts the
// processes interleaved (loop_runner). Uses scenarios/, results/, pair/ and below.
//
// One process of a loop, as read back from its stdout: its run header, TSC floor and loop total
// (lines of the probe contract, include/ioctl_probe/ioctl_probe.h).
//
// Per run:  cycles_per_call = total_cycles / calls                    (default)
//           cycles_per_call = max(total_cycles - floor.min, 0) / calls (subtract_floor)
// where floor.min is that run's own TSC floor: the cost of ONE back-to-back ordered read pair.
// The loop's total holds exactly one such pair (one stamp before the loop, one after), not one
// per call, so the floor is subtracted once from the total, before dividing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "util/types.hpp"

namespace iprobe {

// The raw stdout of run `run` (1-based) of the series `name`: raw_dir/<name>-<run>.log.
std::filesystem::path loop_log_path(const std::filesystem::path& raw_dir, std::string_view name,
                                    uint32_t run);

// One process of one series (a round-trip variant, an interposition mechanism and call), as read
// back from its stdout (or, for the figures, from a row of runs.csv: then without header and
// floor).
struct LoopRun {
  std::string name;  // the series
  uint32_t run = 0;  // 1-based
  std::optional<RunHeader> header;
  std::optional<TscFloor> floor;
  std::optional<LoopTotal> total;
  uint64_t rejected = 0;       // malformed ioprobe lines
  std::string failure;         // why the run is unusable, "" when usable
  double cycles_per_call = 0;  // valid when failure is empty
  bool usable() const { return failure.empty(); }
};

// Parses the text of a loop's stdout. The LAST run header wins; its floor line and its total
// line (same run id) are used. A run without a total, or with calls == 0, is unusable (failure
// says why); so is, with subtract_floor, a run without a floor line.
LoopRun parse_loop_output(std::string_view name, uint32_t run, std::string_view text,
                          bool subtract_floor);

// max(total_cycles - floor.min, 0) / calls of a usable run that has its floor; nullopt otherwise.
std::optional<double> floor_subtracted_cycles_per_call(const LoopRun& run);

}  // namespace iprobe
