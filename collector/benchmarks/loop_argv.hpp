// The command line of every loop program a benchmark starts, in every scenario (natively, in
// the QEMU guest, in a HermiTux guest): built here and nowhere else, from the run options.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/common/run_options.hpp"

namespace iprobe {

// One start of a loop program: its CPU, its run id and the arguments only its kind gives it.
struct LoopCall {
  int cpu = 0;
  uint32_t run_id = 0;
  std::vector<std::string> own;     // after the common ones
  std::optional<uint64_t> calls{};  // measured calls when not --iterations (a run split in parts)
};

// --iterations N --warmup W --cpu C --run-id HEX [--floor-samples S] OWN...
std::vector<std::string> loop_argv(const RunOptions& options, const LoopCall& call);

// The TSC floor's read pairs a loop is told to take: --floor-samples, else the scenario's
// default (hermitux: hermitux_floor_samples), else none (the loop's own default).
std::optional<uint32_t> loop_floor_samples(const RunOptions& options);

}  // namespace iprobe
