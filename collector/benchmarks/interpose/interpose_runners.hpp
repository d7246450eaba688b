// The interposition benchmark's runner in each scenario (its row in benchmark_table.cpp): every
// mechanism and call runs --runs times, one process each, through run_interpose
// (interpose_runner.hpp).
#pragma once

#include <memory>
#include <vector>

#include "benchmarks/capture.hpp"
#include "benchmarks/suite_steps.hpp"
#include "scenarios/common/run_options.hpp"

namespace iprobe {

// --scenario linux: plain processes on the running kernel, real hardware cycles.
std::unique_ptr<Capture> capture_interpose_linux(const RunOptions& options);

// --scenario linux-qemu: the interpose-loop programs found on the host go to /bin/ of the
// initramfs; the guest's collector runs them on the guest kernel and ships the raw outputs
// back; the host derives every figure.
std::unique_ptr<Capture> capture_interpose_qemu(const RunOptions& options);

// `collector suite`: one step, every mechanism and call, sized for a full or a --quick suite
// (interpose_suite.cpp).
std::vector<SuiteStepSpec> interpose_suite_steps(ScenarioId scenario, SuiteSize size,
                                                 const MachineFacts& facts);

}  // namespace iprobe
