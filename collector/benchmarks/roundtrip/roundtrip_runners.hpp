// The round-trip benchmark's runner in each scenario (its row in benchmark_table.cpp): every
// variant runs --runs times, one process each, through run_roundtrip (roundtrip_runner.hpp).
#pragma once

#include <memory>
#include <vector>

#include "benchmarks/capture.hpp"
#include "benchmarks/suite_steps.hpp"
#include "scenarios/common/run_options.hpp"

namespace iprobe {

// --scenario linux: plain processes on the running kernel; no probe, no root.
std::unique_ptr<Capture> capture_roundtrip_linux(const RunOptions& options);

// --scenario linux-qemu: the roundtrip-loop-* programs found on the host go to /bin/ of the
// initramfs; the guest's collector runs them and ships the raw outputs back; the host derives every
// figure.
std::unique_ptr<Capture> capture_roundtrip_qemu(const RunOptions& options);

// --scenario hermitux: one guest per run (default variant freestanding), calling the probe's
// do-nothing ioctl (IOPROBE_HX_NULL).
std::unique_ptr<Capture> capture_roundtrip_hermitux(const RunOptions& options);

// `collector suite`: one step, every variant (hermitux: its default), sized for a full or a
// --quick suite (roundtrip_suite.cpp).
std::vector<SuiteStepSpec> roundtrip_suite_steps(ScenarioId scenario, SuiteSize size,
                                                 const MachineFacts& facts);

}  // namespace iprobe
