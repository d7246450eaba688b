// Running loop processes --runs times each, interleaved (run 1 of every job, then run 2, ...),
// through a scenario's launcher: natively, or inside a unikernel. Every process gets the run's
// common arguments (loop_argv: --iterations, --warmup, --cpu, a distinct --run-id, ...), its
// stdout goes to DIR/raw/<job>-<run>.log and its stderr to DIR/raw/<job>-<run>.err.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "benchmarks/capture.hpp"
#include "scenarios/common/run_options.hpp"
#include "util/run_facts.hpp"

namespace iprobe {

// One series' program and its own arguments (after the common ones).
struct LoopJob {
  std::string name;  // names its logs: raw/<name>-<run>.log
  std::filesystem::path program;
  std::vector<std::string> args;
};

// How one process is started: runs `program` with `args`, its stdout into `log` and its stderr
// into `err`. status is the loop's exit status as seen by the launcher; message explains a
// failure in one line ("" = use the loop's stderr); signal is the signal that killed the loop
// (0: it exited): its results are then partial.
struct LaunchResult {
  int status = 0;
  std::string message;
  int signal = 0;
};
using LoopLauncher = std::function<LaunchResult(
    const std::filesystem::path& program, const std::vector<std::string>& args,
    const std::filesystem::path& log, const std::filesystem::path& err)>;

// What one process did, for the kind to judge (warnings, progress, whether the job goes on).
struct LoopOutcome {
  std::size_t job = 0;  // index into the jobs
  uint32_t run = 0;
  int status = 0;
  int signal = 0;   // the signal that killed the loop, 0 when it exited
  std::string why;  // the launcher's message, else the first line of the loop's stderr
  std::filesystem::path log;
};

struct LoopSchedule {
  int loop_cpu = 0;                     // --cpu given to every loop
  std::vector<std::string> extra_args;  // after the common arguments, before the job's own
  // Called after every process (a loop that refuses its arguments, status 2, throws before).
  // false ends the runs there (a loop killed by a signal: the capture is incomplete).
  std::function<bool(const LoopOutcome&)> after_run;
  // Called before every process: false leaves it out (e.g. the kernel refused what the job
  // measures); nullptr runs them all.
  std::function<bool(std::size_t job)> wanted;
};

// Runs the jobs options.runs times each, interleaved. Throws std::runtime_error when a loop
// refuses its arguments (collector and loops do not match) and when the collector is
// interrupted (the processes already run keep their logs).
void run_loop_jobs(const RunOptions& options, std::span<const LoopJob> jobs,
                   const LoopSchedule& schedule, const LoopLauncher& launch);

// A loop killed by a signal: marks `capture` incomplete (`which` names the process, e.g.
// "variant raw run 2") and says so among its warnings.
void mark_killed_loop(Capture& capture, const std::string& which, const LoopOutcome& outcome);

// Before loops run on this kernel: removes the tracefs instances killed runs left with their
// events on (they would slow every call timed here); records them in `stale`, the warnings in
// `warnings`.
void sweep_before_loops(std::optional<StaleInstances>& stale, std::vector<std::string>& warnings);

// The launcher of --scenario linux: the program as a plain child process of the collector.
LaunchResult launch_linux_loop(const std::filesystem::path& program,
                               const std::vector<std::string>& args,
                               const std::filesystem::path& log, const std::filesystem::path& err);

}  // namespace iprobe
