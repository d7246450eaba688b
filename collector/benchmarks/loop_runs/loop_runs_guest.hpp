// What a loop-runs benchmark (round trip, interposition) ships to its linux-qemu guest: the
// programs the host found, each file once under the guest's loop folder, and how large and
// how long the guest may be.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "benchmarks/loop_runs/loop_programs.hpp"
#include "scenarios/common/run_options.hpp"
#include "scenarios/qemu/qemu_guest.hpp"

namespace iprobe {

struct ShippedPrograms {
  std::vector<InitramfsFile> files;  // one per program file (a file may serve several series)
  std::vector<std::string> series;   // the series present, in run order: the guest runs these
};

ShippedPrograms ship_loop_programs(const LoopPrograms& programs);

// --memory and --timeout when given; else the default memory (the raw loop outputs are a few
// lines each) and 300 s + calls / calls_per_second + 2 s per process.
GuestSizing loop_runs_guest_sizing(const RunOptions& o, uint64_t processes, uint64_t calls,
                                   uint64_t calls_per_second);

}  // namespace iprobe
