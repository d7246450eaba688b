// What every scenario's round-trip runner shares: finding the roundtrip-loop-VARIANT programs and
// running each variant --runs times through a scenario's launcher (benchmarks/loop_runs/). The
// loops time their own ioctl calls: no probe, no root.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "benchmarks/loop_runs/loop_programs.hpp"
#include "benchmarks/loop_runs/loop_runner.hpp"
#include "benchmarks/loop_runs/loop_runs_capture.hpp"
#include "benchmarks/roundtrip/roundtrip_capture.hpp"
#include "scenarios/common/run_options.hpp"
#include "util/run_facts.hpp"
#include "util/types.hpp"

namespace iprobe {

// Looks up roundtrip-loop-<variant> in `dir` ("" = next to the running collector) for every variant
// of options.variants. Throws std::runtime_error when a variant named explicitly is missing, or
// when none at all is present.
LoopPrograms find_variant_programs(const RunOptions& options);

// extra_args come after the call's arguments (loop_argv, then the call).
struct RoundtripPlan : LoopRunsPlan {
  RoundtripCall call;  // --device and --cmd given to every loop
};

// The variants' runs, interleaved (run 1 of every variant, then run 2, ...), through `launch`,
// each stdout in DIR/raw/<variant>-<run>.log and its stderr in DIR/raw/<variant>-<run>.err.
// Returns the capture: the raw logs are all the report needs besides it. A loop killed by a
// signal ends the runs there: the capture is marked incomplete.
std::unique_ptr<RoundtripCapture> run_roundtrip(const RunOptions& options,
                                                const LoopPrograms& programs, RoundtripPlan plan,
                                                const LoopLauncher& launch);

}  // namespace iprobe
