#include "scenarios/linux/tracepoint_events.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace iprobe {
namespace {

using Kind = TraceEvent::Kind;

TraceEvent enter(int pid, uint64_t ts, uint32_t run, uint32_t seq) {
  return {Kind::kEnter, pid, 1, ts, (uint64_t{run} << 32) | seq};
}
TraceEvent exit_of(int pid, uint64_t ts) { return {Kind::kExit, pid, 1, ts, 0}; }

TEST(TracePairer, EachEnterTakesTheNextExitOfItsPid) {
  std::ostringstream out;
  TracePairer pairer(out);
  pairer.add(enter(7, 100, 0xabc, 0));
  pairer.add(exit_of(9, 150));  // another pid's ioctl: not ours
  pairer.add(exit_of(7, 200));
  pairer.add(enter(7, 300, 0xabc, 1));
  pairer.add(exit_of(7, 420));
  const TraceTally t = pairer.finish();
  EXPECT_EQ(t.paired, 2u);
  EXPECT_EQ(t.exit_no_enter, 1u);
  EXPECT_EQ(t.enter_no_exit, 0u);
  EXPECT_EQ(out.str(),
            "ioprobe k tracepoint 00000abc 0 1 100 200\n"
            "ioprobe k tracepoint 00000abc 1 1 300 420\n");
}

TEST(TracePairer, AnEnterWithoutItsExitIsCountedNotPaired) {
  std::ostringstream out;
  TracePairer pairer(out);
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
  TracePairer pairer(out);
  pairer.add(enter(3, 10, 0x12345678, 0x80000005u));
  pairer.add(exit_of(3, 20));
  pairer.finish();
  EXPECT_EQ(out.str(), "ioprobe k tracepoint 12345678 2147483653 1 10 20\n");
}

TEST(TraceDump, FramingCarriesTheLostEventsAsDropped) {
  EXPECT_EQ(trace_dump_begin(2, 5, 11000),
            "ioprobe dump-begin tracepoint entries=2 dropped=5 capacity=11000\n");
  EXPECT_EQ(trace_dump_end(2), "ioprobe dump-end tracepoint entries=2\n");
}

}  // namespace
}  // namespace iprobe
