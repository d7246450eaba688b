// --probe tracepoint: the syscalls:sys_enter_ioctl / sys_exit_ioctl events of one run, in a
// private tracefs instance with the x86-tsc trace clock, written to raw/tracepoint.log as
// format-2 `ioprobe k tracepoint ...` lines (tracepoint_events.hpp).
//
// Lifetime: construct right before the loop is spawned (the instance then follows this process
// and every child it forks, via set_event_pid + event-fork, so the filter holds from the loop's
// first call on); finish() after the loop ended; the destructor removes the instance on every
// path (exception, signal).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "scenarios/linux/tracepoint_events.hpp"
#include "scenarios/linux/tracepoint_instance.hpp"

namespace iprobe {

struct TracepointPlan {
  uint32_t run = 0;
  uint32_t cmd = 0;           // the loop's ioctl command: the enter filter
  int cpu = 0;                // the loop's CPU: its ring buffer gets sized for the calls
  uint64_t calls = 0;         // measured + warm-up
  std::filesystem::path log;  // raw/tracepoint.log
};

struct TracepointResult {
  TraceTally tally;
  uint64_t lost_events = 0;  // overrun + dropped, all CPUs
  std::string instance;      // its name, for the record
  std::string clock = "x86-tsc";
  std::filesystem::path log;
};

class TracepointCapture {
 public:
  explicit TracepointCapture(const TracepointPlan& plan);
  // Stops the events, reads them back, writes the log. Call once, after the loop ended.
  TracepointResult finish();

 private:
  void configure();
  TracepointPlan plan_;
  std::optional<TraceInstance> instance_;
};

}  // namespace iprobe
