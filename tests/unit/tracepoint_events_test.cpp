#include "scenarios/linux/tracepoint_events.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace iprobe {
namespace {

using Kind = TraceEvent::Kind;

constexpr uint32_t kStamp = 0x4242;  // the loop's stamp command
constexpr uint32_t kTcgets = 0x5401;

TraceEvent enter(int pid, uint64_t ts, uint32_t run, uint32_t seq, uint32_t cmd = kStamp) {
  return {Kind::kEnter, pid, 1, ts, (uint64_t{run} << 32) | seq, cmd};
}
TraceEvent exit_of(int pid, uint64_t ts) { return {Kind::kExit, pid, 1, ts, 0, 0}; }

TEST(TracePairer, EachEnterTakesTheNextExitOfItsPid) {
  std::ostringstream out;
  TracePairer pairer(out, kStamp);
  pairer.add(enter(7, 100, 0xabc, 0));
  pairer.add(enter(9, 120, 0, 0, kTcgets));  // the collector's own ioctl: not a stamp
  pairer.add(exit_of(9, 150));
  pairer.add(exit_of(7, 200));
  pairer.add(enter(7, 300, 0xabc, 1));
  pairer.add(exit_of(7, 420));
  const TraceTally t = pairer.finish();
  EXPECT_EQ(t.paired, 2u);
  EXPECT_EQ(t.other_calls, 1u);
  EXPECT_EQ(t.exit_no_enter, 0u);
  EXPECT_EQ(t.enter_no_exit, 0u);
  EXPECT_EQ(t.events, 6u);
  EXPECT_EQ(out.str(),
            "ioprobe k tracepoint 00000abc 0 1 100 200\n"
            "ioprobe k tracepoint 00000abc 1 1 300 420\n");
}

// The loop's other ioctls (its setup, glibc's) pair like the stamps, and are not stamps.
TEST(TracePairer, OtherCommandsOfTheLoopAreCalledOtherCalls) {
  std::ostringstream out;
  TracePairer pairer(out, kStamp);
  pairer.add(enter(7, 10, 0, 0, kTcgets));
  pairer.add(exit_of(7, 20));
  pairer.add(enter(7, 30, 5, 0));
  pairer.add(exit_of(7, 40));
  const TraceTally t = pairer.finish();
  EXPECT_EQ(t.paired, 1u);
  EXPECT_EQ(t.other_calls, 1u);
  EXPECT_EQ(t.half_lost_calls(), 0u);
  EXPECT_EQ(out.str(), "ioprobe k tracepoint 00000005 0 1 30 40\n");
}

// An exit whose enter the ring buffer lost is one call lost, of whatever command.
TEST(TracePairer, AnExitWithoutItsEnterIsOneLostCall) {
  std::ostringstream out;
  TracePairer pairer(out, kStamp);
  pairer.add(exit_of(7, 50));
  pairer.add(enter(7, 100, 1, 1));
  pairer.add(exit_of(7, 150));
  const TraceTally t = pairer.finish();
  EXPECT_EQ(t.paired, 1u);
  EXPECT_EQ(t.exit_no_enter, 1u);
  EXPECT_EQ(t.half_lost_calls(), 1u);
}

TEST(TracePairer, AnEnterWithoutItsExitIsCountedNotPaired) {
  std::ostringstream out;
  TracePairer pairer(out, kStamp);
  pairer.add(enter(7, 100, 1, 0));
  pairer.add(enter(7, 300, 1, 1));  // the exit of seq 0 was lost
  pairer.add(exit_of(7, 350));
  pairer.add(enter(7, 400, 1, 2));  // the loop was cut here
  const TraceTally t = pairer.finish();
  EXPECT_EQ(t.paired, 1u);
  EXPECT_EQ(t.enter_no_exit, 2u);
  EXPECT_EQ(out.str(), "ioprobe k tracepoint 00000001 1 1 300 350\n");
}

TEST(TracePairer, WarmUpSequenceNumbersAreKeptAsTheLoopSentThem) {
  std::ostringstream out;
  TracePairer pairer(out, kStamp);
  pairer.add(enter(3, 10, 0x12345678, 0x80000005u));
  pairer.add(exit_of(3, 20));
  pairer.finish();
  EXPECT_EQ(out.str(), "ioprobe k tracepoint 12345678 2147483653 1 10 20\n");
}

TEST(TraceDump, FramingCarriesTheLostCallsAsDropped) {
  EXPECT_EQ(trace_dump_begin(2, 5, 11000),
            "ioprobe dump-begin tracepoint entries=2 dropped=5 capacity=11000\n");
  EXPECT_EQ(trace_dump_end(2), "ioprobe dump-end tracepoint entries=2\n");
}

// Lost events are not lost calls: an event whose partner was read is one call; the other lost
// events are calls lost whole, two events each.
TEST(TraceLostCalls, EventsBecomeCalls) {
  TraceTally t;
  EXPECT_EQ(trace_lost_calls(t, 0), 0u);
  EXPECT_EQ(trace_lost_calls(t, 10), 5u);  // five calls lost whole
  t.exit_no_enter = 1;                     // the oldest call's enter was overwritten
  EXPECT_EQ(trace_lost_calls(t, 1), 1u);
  EXPECT_EQ(trace_lost_calls(t, 11), 6u);  // 1 half-lost + 5 whole
  t.enter_no_exit = 1;                     // plus one cut by the loop's end: no event lost
  EXPECT_EQ(trace_lost_calls(t, 1), 2u);
  EXPECT_EQ(trace_lost_calls(t, 0), 2u);
}

}  // namespace
}  // namespace iprobe
