// --probe tracepoint: the syscalls:sys_enter_ioctl / sys_exit_ioctl events of one run, in a
// private tracefs instance with the x86-tsc trace clock, written to raw/tracepoint.log as
// format-2 `ioprobe k tracepoint ...` lines (tracepoint_events.hpp).
//
// Lifetime: construct before the loop is spawned (the instance then follows this process and
// every child it forks, via set_event_pid + event-fork); start() right before the traced loop,
// stop() right after it (the untraced loops of tracepoint_cost run before start() and after
// stop(), events off); finish() then reads the events. The destructor removes the instance, and
// unmounts the tracefs this run mounted, on every path (exception, signal).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/linux/tracepoint_events.hpp"
#include "scenarios/linux/tracepoint_instance.hpp"
#include "scenarios/linux/tracepoint_mount.hpp"
#include "scenarios/linux/tracepoint_owner.hpp"

namespace iprobe {

struct TracepointPlan {
  uint32_t run = 0;
  uint32_t cmd = 0;           // the loop's stamp command: its calls become k lines
  int cpu = 0;                // the loop's CPU: its ring buffer gets sized for the calls
  uint64_t calls = 0;         // measured + warm-up
  std::filesystem::path log;  // raw/tracepoint.log
};

struct TracepointResult {
  TraceTally tally;
  TraceLoss loss;           // events the ring buffer lost, by kind, all CPUs
  uint64_t lost_calls = 0;  // the calls they amount to (trace_lost_calls): the dump's "dropped"
  std::filesystem::path log;
  TracefsUse tracefs;                 // mount, instance and clock, for the record
  StaleInstances stale;               // found before the run
  std::vector<std::string> warnings;  // stale instances removed, a mount left behind
};

class TracepointCapture {
 public:
  // Mounts tracefs if it is mounted nowhere, removes the instances of runs that were killed,
  // creates this run's instance with its events off.
  explicit TracepointCapture(const TracepointPlan& plan);
  // Turns the events on, and off again (ring buffer kept). While they are on, every thread of
  // the machine takes the syscall slow path.
  void start();
  void stop();
  // Stops the events if they are on, streams them into the log, removes the instance, unmounts
  // what this run mounted. Call once, after the loop ended.
  TracepointResult finish();

 private:
  void configure();
  TracepointPlan plan_;
  TraceOwner owner_;
  StaleInstances stale_;
  std::vector<std::string> warnings_;
  std::optional<TracefsMount> mount_;  // before the instance: destroyed after it
  std::optional<TraceInstance> instance_;
  bool on_ = false;
};

// What a look for the instances of killed runs found, and its warning lines.
struct StaleSweep {
  StaleInstances stale;
  std::vector<std::string> warnings;
};

// For runs without the tracepoints: removes the instances of killed runs, which would slow this
// run's system calls too (an instance outlives the unmounting of tracefs: a tracefs mounted
// nowhere is mounted for the look, and unmounted again). nullopt when this process cannot look
// (not root, no tracefs in this kernel).
std::optional<StaleSweep> sweep_stale_trace_instances();

}  // namespace iprobe
