#include "scenarios/linux/tracepoint_events.hpp"

#include <ioctl_probe/ioctl_probe.h>

#include <cstdio>

namespace iprobe {

namespace {

constexpr const char* kSourceWord = IOPROBE_SRC_TRACEPOINT;

void write_stamp(std::ostream& out, const TraceEvent& enter, uint64_t exit_ts) {
  char line[160];
  const int n = std::snprintf(line, sizeof line, IOPROBE_KSTAMP_FMT, kSourceWord,
                              IOPROBE_ARG_RUN(enter.arg), IOPROBE_ARG_SEQ(enter.arg), enter.cpu,
                              static_cast<unsigned long long>(enter.ts),
                              static_cast<unsigned long long>(exit_ts));
  out.write(line, n);
}

}  // namespace

void TracePairer::add(const TraceEvent& event) {
  ++tally_.events;
  if (event.kind == TraceEvent::Kind::kEnter) {
    // A second enter of the pid: the previous one never got its exit.
    if (!open_.insert_or_assign(event.pid, event).second) ++tally_.enter_no_exit;
    return;
  }
  auto it = open_.find(event.pid);
  if (it == open_.end()) {
    ++tally_.exit_no_enter;
    return;
  }
  if (it->second.cmd == cmd_) {
    write_stamp(out_, it->second, event.ts);
    ++tally_.paired;
  } else {
    ++tally_.other_calls;
  }
  open_.erase(it);
}

TraceTally TracePairer::finish() {
  tally_.enter_no_exit += open_.size();
  open_.clear();
  return tally_;
}

uint64_t trace_lost_calls(const TraceTally& tally, uint64_t lost_events) {
  const uint64_t half = tally.half_lost_calls();
  // A call cut by the loop's end is half-lost without a lost event: never count below zero.
  const uint64_t whole_events = lost_events > half ? lost_events - half : 0;
  return half + (whole_events + 1) / 2;
}

std::string trace_dump_begin(uint32_t entries, uint64_t lost_calls, uint32_t capacity) {
  char line[160];
  const int n = std::snprintf(line, sizeof line, IOPROBE_DUMP_BEGIN_FMT, kSourceWord, entries,
                              static_cast<unsigned long long>(lost_calls), capacity);
  return {line, static_cast<size_t>(n)};
}

std::string trace_dump_end(uint32_t entries) {
  char line[96];
  const int n = std::snprintf(line, sizeof line, IOPROBE_DUMP_END_FMT, kSourceWord, entries);
  return {line, static_cast<size_t>(n)};
}

}  // namespace iprobe
