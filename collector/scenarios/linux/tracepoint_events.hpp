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
  uint32_t cmd = 0;  // enter only: the ioctl's command
};

// What the events of the traced processes (the collector and the loop) held, in calls. Every
// ioctl of those processes is traced (no filter in the kernel: a filtered event is stamped when
// it is committed, after the filter ran, instead of when it is reserved), so an enter without
// its exit, or an exit without its enter, is a call the ring buffer lost half of.
struct TraceTally {
  uint64_t paired = 0;         // calls of the loop's command with both events: one k line each
  uint64_t other_calls = 0;    // complete ioctls with another command (the loop's setup, ...)
  uint64_t enter_no_exit = 0;  // its exit was lost, or the loop was cut during the call
  uint64_t exit_no_enter = 0;  // its enter was lost
  uint64_t events = 0;         // events read back
  [[nodiscard]] uint64_t half_lost_calls() const { return enter_no_exit + exit_no_enter; }
};

// Feed the events in ring-buffer order; each enter pairs with the next exit of its pid, and a
// pair of the loop's command `cmd` becomes a k line.
class TracePairer {
 public:
  TracePairer(std::ostream& out, uint32_t cmd) : out_(out), cmd_(cmd) {}
  void add(const TraceEvent& event);
  // Enters still waiting for their exit count as enter_no_exit from here on.
  TraceTally finish();

 private:
  std::ostream& out_;
  uint32_t cmd_;
  std::map<int, TraceEvent> open_;  // pid -> its enter waiting for the exit
  TraceTally tally_;
};

// The calls the trace lost: one per event whose partner was read (a half-lost call), plus the
// calls lost whole, two events each, among the ring buffer's other lost events (lost_events:
// overrun + commit overrun + dropped, per_cpu stats). What the dump's "dropped" carries.
uint64_t trace_lost_calls(const TraceTally& tally, uint64_t lost_events);

// The framing around the k lines: "dropped" carries the calls lost (trace_lost_calls),
// "capacity" the calls the buffer was sized for.
std::string trace_dump_begin(uint32_t entries, uint64_t lost_calls, uint32_t capacity);
std::string trace_dump_end(uint32_t entries);

}  // namespace iprobe
