// The entry-latency benchmark's runner in each scenario (its row in benchmark_table.cpp).
#pragma once

#include <memory>
#include <vector>

#include "benchmarks/capture.hpp"
#include "benchmarks/suite_steps.hpp"
#include "scenarios/common/run_options.hpp"

namespace iprobe {

// --scenario linux: loads or switches the probe, runs the loop while draining /dev/kmsg, keeps
// the user log and the kernel log or dump in raw/ (entry_linux.cpp).
std::unique_ptr<Capture> capture_entry_linux(const RunOptions& options);

// --scenario linux-qemu: the project's patched kernel under QEMU; the guest's collector runs
// --scenario linux and only captures, the host reads its raw/run.json back (entry_qemu.cpp).
std::unique_ptr<Capture> capture_entry_qemu(const RunOptions& options);

// --scenario hermitux: one guest under uhyve (or, with --replay, the raw/ folder of an earlier
// one); splits the probe's dump (buffer mode) or extracts uhyve's kernel-log dump (printk mode).
// Throws std::runtime_error with one line that says what to do when the installation, KVM, the
// probe or the guest fails (entry_hermitux.cpp).
std::unique_ptr<Capture> capture_entry_hermitux(const RunOptions& options);

// `collector suite`: on the host one step per probe the running kernel allows (the tracepoints,
// the patch, the module: least disturbing first), in a guest one with the scenario's own probe
// (entry_suite.cpp).
std::vector<SuiteStepSpec> entry_suite_steps(ScenarioId scenario, SuiteSize size,
                                             const MachineFacts& facts);

}  // namespace iprobe
