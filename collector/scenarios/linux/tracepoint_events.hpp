// --probe tracepoint, the pure part: pairs the syscalls:sys_enter_ioctl and sys_exit_ioctl
// events read back from the ring buffer into format-2 `ioprobe k tracepoint ...` lines
// (include/ioctl_probe/ioctl_probe.h), framed like a buffered dump so that the ring buffer's
// losses travel with the stamps and a capture replays like any other kernel log.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>

namespace iprobe {

// One event as the capture reads it; ts is the x86-tsc trace clock, i.e. the TSC.
struct TraceEvent {
  enum class Kind : uint8_t { kEnter, kExit };
  Kind kind = Kind::kEnter;
  int pid = 0;
  uint32_t cpu = 0;
  uint64_t ts = 0;
  uint64_t arg = 0;  // enter only: the ioctl's arg, run id << 32 | seq
};

struct TraceTally {
  uint64_t paired = 0;         // enter + exit: one k line each
  uint64_t enter_no_exit = 0;  // an enter whose exit never came (lost, or the loop was cut)
  uint64_t exit_no_enter = 0;  // exits of ioctls we did not filter for (not ours) or lost enters
};

// Feed the events in ring-buffer order; each enter pairs with the next exit of its pid.
class TracePairer {
 public:
  explicit TracePairer(std::ostream& out) : out_(out) {}
  void add(const TraceEvent& event);
  // Enters still waiting for their exit count as enter_no_exit from here on.
  TraceTally finish();

 private:
  std::ostream& out_;
  std::map<int, TraceEvent> open_;  // pid -> its enter waiting for the exit
  TraceTally tally_;
};

// The framing around the k lines: "dropped" carries the events the ring buffer lost (overrun
// or dropped, per CPU stats), "capacity" the calls the buffer was sized for.
std::string trace_dump_begin(uint32_t entries, uint64_t lost_events, uint32_t capacity);
std::string trace_dump_end(uint32_t entries);

}  // namespace iprobe
