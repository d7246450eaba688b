// What the interposition benchmark's runner in each scenario shares: finding the interpose-loop
// programs and running every mechanism and call --runs times through a scenario's launcher
// (benchmarks/loop_runs/loop_runner). Root only where a mechanism needs it (none on a kernel
// that lets a process trace its own child).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "benchmarks/capture.hpp"
#include "benchmarks/loop_runs/loop_programs.hpp"
#include "benchmarks/loop_runs/loop_runner.hpp"
#include "benchmarks/loop_runs/loop_runs_capture.hpp"
#include "scenarios/common/run_options.hpp"
#include "util/run_facts.hpp"
#include "util/types.hpp"

namespace iprobe {

// Looks up each mechanism's program (interpose_program_name) in options.variant_dir ("" = next
// to the running collector, or its libexec folder). Throws std::runtime_error when a mechanism
// named explicitly is missing, or when none at all is present.
LoopPrograms find_mechanism_programs(const RunOptions& options);

struct InterposePlan : LoopRunsPlan {
  int supervisor_cpu = 0;
};

// Every mechanism with every call of options.interpose_calls, interleaved run by run, through
// `launch`. A mechanism the kernel refuses (loop status 3, one skip line) is said once and not
// run again. A loop killed by a signal ends the runs there: the capture is marked incomplete.
// Returns the capture: the raw logs are all the report needs besides it.
std::unique_ptr<Capture> run_interpose(const RunOptions& options, const LoopPrograms& programs,
                                       InterposePlan plan, const LoopLauncher& launch);

}  // namespace iprobe
