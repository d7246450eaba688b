// The plan of an entry-latency run under --scenario linux: which probes (named, or chosen by
// --probe auto), the loop program, CPUs and run id; and the one way its loop processes are run
// (the measured loop, and with --probe tracepoint the same loop with the events off).
#pragma once

#include <cstdint>
#include <filesystem>

#include "scenarios/common/child_process.hpp"
#include "scenarios/common/run_options.hpp"
#include "util/run_facts.hpp"

namespace iprobe {

struct LinuxRunPlan {
  ProbeDecision decision;        // the probes, primary first, and why these
  Probe probe = Probe::kModule;  // whose command the loop issues (loop_probe)
  bool tracepoint = false;       // the syscall tracepoints stamp the calls too
  // The tracepoints alone: the loop also runs with the events off (tracepoint_cost).
  bool tracepoint_cost = false;
  std::filesystem::path loop;
  std::filesystem::path raw;
  int loop_cpu = 0;
  int drain_cpu = -1;  // -1: no CPU left for the drain, it shares the loop's
  uint32_t run = 0;
};

// Chooses the probes (auto's choice printed unless --quiet), checks what they need (root, module
// support, the buffer bound), finds the loop and creates DIR/raw. Throws std::runtime_error with
// one line.
LinuxRunPlan plan_linux_run(const RunOptions& options);

// One process of the loop: `calls` measured calls tagged `run`, its stdout in `log` and its
// stderr next to it (.err), or in raw/loop-stderr.log for the measured loop.
struct LoopProcess {
  uint64_t calls = 0;
  uint32_t run = 0;
  std::filesystem::path log;
  std::filesystem::path err;
};

// Runs it on the plan's CPU with the plan's probe command; returns how it ended.
ChildResult run_entry_loop(const RunOptions& options, const LinuxRunPlan& plan,
                           const LoopProcess& process);

}  // namespace iprobe
