#include "logs/stamp_line.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <variant>

namespace iprobe {
namespace {

template <typename T>
T expect_kind(std::string_view line) {
  const ParsedLine parsed = parse_line(line);
  const T* value = std::get_if<T>(&parsed);
  if (value == nullptr) {
    ADD_FAILURE() << "unexpected kind (index " << parsed.index() << ") for: " << line;
    return T{};
  }
  return *value;
}

Malformed expect_malformed(std::string_view line, LineKind kind, std::string_view reason_part) {
  const Malformed bad = expect_kind<Malformed>(line);
  EXPECT_EQ(bad.kind, kind) << line;
  EXPECT_NE(bad.reason.find(reason_part), std::string_view::npos)
      << "reason '" << bad.reason << "' for: " << line;
  return bad;
}

TEST(StampLine, UntaggedLinesAreNone) {
  EXPECT_TRUE(std::holds_alternative<NoTag>(parse_line("")));
  EXPECT_TRUE(std::holds_alternative<NoTag>(parse_line("[    1.0] random kernel message")));
  EXPECT_TRUE(std::holds_alternative<NoTag>(parse_line("ioprobe")));
  EXPECT_TRUE(std::holds_alternative<NoTag>(parse_line("ioprobe: module loaded")));
  EXPECT_TRUE(std::holds_alternative<NoTag>(parse_line("ioctl_probe k patch 00000001 1 2 3")));
  // A kernel release named after the project is not a record.
  EXPECT_TRUE(std::holds_alternative<NoTag>(
      parse_line("[    0.000000] Linux version 6.8.0-ioprobe (builder@host) #1 SMP")));
  EXPECT_TRUE(std::holds_alternative<NoTag>(parse_line("/lib/modules/ioprobe fw")));
}

TEST(StampLine, StandAloneTagWithUnknownWordIsMalformed) {
  expect_malformed("[   1.0] ioprobe hello world", LineKind::kUnknown, "unknown");
  expect_malformed("ioprobe K patch 00000001 1 2 3", LineKind::kUnknown, "unknown");
  // A glued tag still counts when a record word follows (console junk before the tag).
  EXPECT_EQ(expect_kind<UserStamp>("\x1b[0mioprobe u 00000001 5 1 100").tsc, 100u);
  // The first occurrence with a record word wins.
  EXPECT_EQ(expect_kind<UserStamp>("6.8.0-ioprobe (x) ioprobe u 00000001 5 1 7").tsc, 7u);
}

TEST(StampLine, KernelStamp) {
  const auto k = expect_kind<KernelStamp>("ioprobe k patch 0badcafe 17 3 123456789012");
  EXPECT_EQ(k.source, Probe::kPatch);
  EXPECT_EQ(k.run, 0x0badcafeu);
  EXPECT_EQ(k.seq, 17u);
  EXPECT_EQ(k.cpu, 3u);
  EXPECT_EQ(k.tsc, 123456789012u);
  const auto m = expect_kind<KernelStamp>("ioprobe k module DEADBEEF 0 0 0");
  EXPECT_EQ(m.source, Probe::kModule);
  EXPECT_EQ(m.run, 0xdeadbeefu);
  EXPECT_EQ(m.tsc, 0u);
}

TEST(StampLine, UserStamp) {
  const auto u = expect_kind<UserStamp>("ioprobe u 00000001 4294967295 7 18446744073709551615");
  EXPECT_EQ(u.run, 1u);
  EXPECT_EQ(u.seq, 4294967295u);
  EXPECT_EQ(u.cpu, 7u);
  EXPECT_EQ(u.tsc, 18446744073709551615u);
}

TEST(StampLine, FormatOneStampsHaveNoExitStamp) {
  EXPECT_FALSE(expect_kind<KernelStamp>("ioprobe k patch 0badcafe 17 3 1234").tsc_exit);
  EXPECT_FALSE(expect_kind<UserStamp>("ioprobe u 0badcafe 17 3 1234").tsc_after);
  EXPECT_EQ(expect_kind<RunHeader>(
                "ioprobe run 00c0ffee iterations=1 warmup=0 cpu=2 variant=rdtscp cmd=0xb810")
                .format,
            1u);
}

TEST(StampLine, FormatTwo) {
  const auto k = expect_kind<KernelStamp>("ioprobe k module 0badcafe 17 3 1000 1500");
  EXPECT_EQ(k.source, Probe::kModule);
  EXPECT_EQ(k.seq, 17u);
  EXPECT_EQ(k.tsc, 1000u);
  EXPECT_EQ(k.tsc_exit, 1500u);
  const auto t =
      expect_kind<KernelStamp>("ioprobe k tracepoint 0badcafe 0 1 7 18446744073709551615");
  EXPECT_EQ(t.source, Probe::kTracepoint);
  EXPECT_EQ(t.tsc_exit, 18446744073709551615u);
  const auto u = expect_kind<UserStamp>("ioprobe u 0badcafe 17 3 900 2000");
  EXPECT_EQ(u.tsc, 900u);
  EXPECT_EQ(u.tsc_after, 2000u);
  const auto h = expect_kind<RunHeader>(
      "ioprobe run 00c0ffee iterations=10 warmup=1 cpu=0 variant=rdtscp cmd=0xb820 format=2");
  EXPECT_EQ(h.format, 2u);
  EXPECT_EQ(h.cmd, 0xb820u);
  EXPECT_EQ(h.iterations, 10u);
  // The exit stamp is checked like every other number.
  expect_malformed("ioprobe k patch 00000001 1 2 3 4x", LineKind::kKernel, "non-numeric");
  expect_malformed("ioprobe u 00000001 1 2 3 18446744073709551616", LineKind::kUser,
                   "out of range");
  expect_malformed("ioprobe run 00000001 iterations=1 warmup=0 cpu=0 variant=x cmd=0 version=2",
                   LineKind::kRun, "key");
  expect_malformed("ioprobe run 00000001 iterations=1 warmup=0 cpu=0 variant=x cmd=0 format=3",
                   LineKind::kRun, "out of range");
  expect_malformed("ioprobe run 00000001 iterations=1 warmup=0 cpu=0 variant=x cmd=0 format=",
                   LineKind::kRun, "non-numeric");
}

TEST(StampLine, WarmupSeqIsParsedVerbatim) {
  const auto u = expect_kind<UserStamp>("ioprobe u 00000001 2147483653 1 10");
  EXPECT_EQ(u.seq, 0x80000005u);
}

TEST(StampLine, RunHeader) {
  const auto h = expect_kind<RunHeader>(
      "ioprobe run 00c0ffee iterations=1000 warmup=100 cpu=2 variant=rdtscp cmd=0xb810");
  EXPECT_EQ(h.run, 0x00c0ffeeu);
  EXPECT_EQ(h.iterations, 1000u);
  EXPECT_EQ(h.warmup, 100u);
  EXPECT_EQ(h.cpu, 2);
  EXPECT_EQ(h.variant, "rdtscp");
  EXPECT_EQ(h.cmd, 0xb810u);
  const auto unpinned =
      expect_kind<RunHeader>("ioprobe run 00000002 iterations=0 warmup=0 cpu=-1 variant= cmd=0");
  EXPECT_EQ(unpinned.cpu, -1);
  EXPECT_EQ(unpinned.variant, "");
  EXPECT_EQ(unpinned.cmd, 0u);
}

TEST(StampLine, FloorTotalDumpMark) {
  const auto f = expect_kind<TscFloor>("ioprobe floor min=18 p50=20 samples=1000");
  EXPECT_EQ(f.min, 18u);
  EXPECT_EQ(f.p50, 20u);
  EXPECT_EQ(f.samples, 1000u);

  const auto t = expect_kind<LoopTotal>(
      "ioprobe total 0000abcd calls=10 cycles=99999 cpu_start=1 cpu_end=2 migrations=3 errors=4");
  EXPECT_EQ(t.run, 0xabcdu);
  EXPECT_EQ(t.calls, 10u);
  EXPECT_EQ(t.cycles, 99999u);
  EXPECT_EQ(t.cpu_start, 1u);
  EXPECT_EQ(t.cpu_end, 2u);
  EXPECT_EQ(t.migrations, 3u);
  EXPECT_EQ(t.errors, 4u);

  const auto b = expect_kind<DumpBegin>(
      "ioprobe dump-begin module entries=5 dropped=18446744073709551615 capacity=1048576");
  EXPECT_EQ(b.source, Probe::kModule);
  EXPECT_EQ(b.entries, 5u);
  EXPECT_EQ(b.dropped, 18446744073709551615u);
  EXPECT_EQ(b.capacity, 1048576u);

  const auto e = expect_kind<DumpEnd>("ioprobe dump-end patch entries=5");
  EXPECT_EQ(e.source, Probe::kPatch);
  EXPECT_EQ(e.entries, 5u);

  EXPECT_EQ(expect_kind<MarkLine>("ioprobe mark 12345678 end").run, 0x12345678u);
}

TEST(StampLine, PrefixesAndLineEndsAreTolerated) {
  const std::string_view lines[] = {
      "[   12.345678] ioprobe u 00000001 5 1 100",
      "6,1234,5678,-;ioprobe u 00000001 5 1 100",
      "\x1b[0m\x1b[2Jgarbage ioprobe u 00000001 5 1 100",
      "ioprobe u 00000001 5 1 100\r",
      "ioprobe u 00000001 5 1 100\r\n",
      "ioprobe u 00000001 5 1 100\n",
      "ioprobe u 00000001 5 1 100\r\r\n",
      "xxioprobe u 00000001 5 1 100",
  };
  for (const std::string_view line : lines) {
    const auto u = expect_kind<UserStamp>(line);
    EXPECT_EQ(u.seq, 5u) << line;
    EXPECT_EQ(u.tsc, 100u) << line;
  }
  // A NUL byte inside the junk prefix.
  using namespace std::string_literals;
  const std::string with_nul = "junk\0more ioprobe u 00000001 5 1 100"s;
  ASSERT_EQ(with_nul.size(), 36u);
  EXPECT_EQ(expect_kind<UserStamp>(with_nul).tsc, 100u);
}

TEST(StampLine, FieldCount) {
  expect_malformed("ioprobe k patch 00000001 1 2", LineKind::kKernel, "missing");
  // One number more than format 1 is format 2 (FormatTwo below); two more is too many.
  expect_malformed("ioprobe k patch 00000001 1 2 3 4 5", LineKind::kKernel, "extra");
  expect_malformed("ioprobe u 00000001 1 2", LineKind::kUser, "missing");
  expect_malformed("ioprobe u 00000001 1 2 3 4 5", LineKind::kUser, "extra");
  expect_malformed("ioprobe run 00000001 iterations=1 warmup=0 cpu=0 variant=x cmd=0 format=2 x",
                   LineKind::kRun, "extra");
  expect_malformed("ioprobe u 00000001 1 2 3 4 5 6 7 8 9 10 11 12", LineKind::kUser, "extra");
  expect_malformed("ioprobe run 00000001 iterations=1 warmup=0 cpu=0 variant=x", LineKind::kRun,
                   "missing");
  expect_malformed("ioprobe floor min=1 p50=2", LineKind::kFloor, "missing");
  expect_malformed("ioprobe total 00000001 calls=1 cycles=1 cpu_start=0 cpu_end=0 migrations=0",
                   LineKind::kTotal, "missing");
  expect_malformed("ioprobe dump-begin patch entries=1 dropped=0", LineKind::kDumpBegin, "missing");
  expect_malformed("ioprobe dump-end patch entries=1 x", LineKind::kDumpEnd, "extra");
  expect_malformed("ioprobe mark 00000001", LineKind::kMark, "missing");
  expect_malformed("ioprobe ", LineKind::kUnknown, "unknown");
  expect_malformed("ioprobe x 1 2 3", LineKind::kUnknown, "unknown");
}

TEST(StampLine, NonNumericFields) {
  expect_malformed("ioprobe u 00000001 1a 2 3", LineKind::kUser, "non-numeric");
  expect_malformed("ioprobe u 00000001 -1 2 3", LineKind::kUser, "non-numeric");
  expect_malformed("ioprobe u 00000001 +1 2 3", LineKind::kUser, "non-numeric");
  expect_malformed("ioprobe u 00000001 1 x 3", LineKind::kUser, "non-numeric");
  expect_malformed("ioprobe u 00000001 1 2 3.5", LineKind::kUser, "non-numeric");
  expect_malformed("ioprobe k patch 00000001 1 2 0x10", LineKind::kKernel, "non-numeric");
  expect_malformed("ioprobe floor min= p50=2 samples=3", LineKind::kFloor, "non-numeric");
  expect_malformed("ioprobe run 00000001 iterations=1 warmup=0 cpu=z variant=x cmd=0x1",
                   LineKind::kRun, "non-numeric");
  expect_malformed("ioprobe run 00000001 iterations=1 warmup=0 cpu=0 variant=x cmd=0xzz",
                   LineKind::kRun, "non-numeric");
}

TEST(StampLine, OverflowIsRejectedNotWrapped) {
  expect_malformed("ioprobe u 00000001 4294967296 2 3", LineKind::kUser, "out of range");
  expect_malformed("ioprobe u 00000001 1 4294967296 3", LineKind::kUser, "out of range");
  expect_malformed("ioprobe u 00000001 1 2 18446744073709551616", LineKind::kUser, "out of range");
  expect_malformed("ioprobe k module 00000001 1 2 99999999999999999999", LineKind::kKernel,
                   "out of range");
  expect_malformed("ioprobe floor min=1 p50=2 samples=4294967296", LineKind::kFloor,
                   "out of range");
  expect_malformed("ioprobe run 00000001 iterations=4294967296 warmup=0 cpu=0 variant=x cmd=0",
                   LineKind::kRun, "out of range");
  expect_malformed("ioprobe run 00000001 iterations=1 warmup=0 cpu=2147483648 variant=x cmd=0",
                   LineKind::kRun, "out of range");
  expect_malformed("ioprobe dump-begin patch entries=1 dropped=18446744073709551616 capacity=1",
                   LineKind::kDumpBegin, "out of range");
}

// The number parser at the edges of each type: the largest value fits, one more overflows, and
// the longest digit strings that cannot overflow are read without a check.
TEST(StampLine, NumbersAtTheLimitsOfTheirTypes) {
  const auto max = expect_kind<UserStamp>("ioprobe u FFFFFFFF 4294967295 0 18446744073709551615");
  EXPECT_EQ(max.run, 0xffffffffu);
  EXPECT_EQ(max.seq, 4294967295u);
  EXPECT_EQ(max.tsc, 18446744073709551615u);
  EXPECT_EQ(expect_kind<UserStamp>("ioprobe u 0000abcd 999999999 0 0009999999999999999999").tsc,
            9999999999999999999u);
  expect_malformed("ioprobe u 00000001 4294967295 2 18446744073709551616", LineKind::kUser,
                   "out of range");
  expect_malformed("ioprobe u 00000001 42949672950 2 3", LineKind::kUser, "out of range");
  expect_malformed("ioprobe u 00000001 42949672950x 2 3", LineKind::kUser, "non-numeric");
  expect_malformed("ioprobe u 0000000g 1 2 3", LineKind::kUser, "8 hex");
  const auto lowest = expect_kind<RunHeader>(
      "ioprobe run 00000001 iterations=1 warmup=0 cpu=-2147483648 variant=x cmd=0XB810");
  EXPECT_EQ(lowest.cpu, -2147483648);
  EXPECT_EQ(lowest.cmd, 0xb810u);
  expect_malformed("ioprobe run 00000001 iterations=1 warmup=0 cpu=-2147483649 variant=x cmd=0",
                   LineKind::kRun, "out of range");
  expect_malformed("ioprobe run 00000001 iterations=1 warmup=0 cpu=- variant=x cmd=0",
                   LineKind::kRun, "non-numeric");
  expect_malformed("ioprobe run 00000001 iterations=1 warmup=0 cpu=--1 variant=x cmd=0",
                   LineKind::kRun, "non-numeric");
}

TEST(StampLine, BadSourceAndRunId) {
  expect_malformed("ioprobe k kernel 00000001 1 2 3", LineKind::kKernel, "source");
  expect_malformed("ioprobe k Patch 00000001 1 2 3", LineKind::kKernel, "source");
  expect_malformed("ioprobe dump-end modules entries=1", LineKind::kDumpEnd, "source");
  expect_malformed("ioprobe u 0000001 1 2 3", LineKind::kUser, "8 hex");
  expect_malformed("ioprobe u 000000001 1 2 3", LineKind::kUser, "8 hex");
  expect_malformed("ioprobe u 0000000g 1 2 3", LineKind::kUser, "8 hex");
  expect_malformed("ioprobe u 0x000001 1 2 3", LineKind::kUser, "8 hex");
  expect_malformed("ioprobe k patch 1 1 2 3", LineKind::kKernel, "8 hex");
  expect_malformed("ioprobe mark 0000000z end", LineKind::kMark, "8 hex");
  expect_malformed("ioprobe total 1 calls=1 cycles=1 cpu_start=0 cpu_end=0 migrations=0 errors=0",
                   LineKind::kTotal, "8 hex");
}

TEST(StampLine, WrongKeysAndTerminator) {
  expect_malformed("ioprobe floor max=1 p50=2 samples=3", LineKind::kFloor, "key");
  expect_malformed("ioprobe floor min1 p50=2 samples=3", LineKind::kFloor, "key");
  expect_malformed("ioprobe run 00000001 warmup=0 iterations=1 cpu=0 variant=x cmd=0",
                   LineKind::kRun, "key");
  expect_malformed("ioprobe run 00000001 iterations=1 warmup=0 cpu=0 name=x cmd=0", LineKind::kRun,
                   "key");
  expect_malformed("ioprobe mark 00000001 begin", LineKind::kMark, "end");
}

TEST(StampLine, TruncatedLineIsMalformed) {
  // A console line cut in the middle of the tsc keeps a valid prefix but loses fields.
  expect_malformed("ioprobe k patch 00000001 12", LineKind::kKernel, "missing");
}

TEST(StampLine, Helpers) {
  EXPECT_EQ(run_hex(0xabcu), "00000abc");
  EXPECT_EQ(run_hex(0xffffffffu), "ffffffff");
  EXPECT_EQ(name(Probe::kPatch), "patch");
  EXPECT_EQ(name(Probe::kModule), "module");
  EXPECT_EQ(name(Probe::kTracepoint), "tracepoint");
  EXPECT_EQ(value_in(kProbeNames, "tracepoint"), Probe::kTracepoint);
  EXPECT_EQ(value_in(kProbeNames, "module"), Probe::kModule);
  EXPECT_FALSE(value_in(kProbeNames, "Patch"));
  EXPECT_EQ(find_tagged_text("[1] ioprobe u x\r\n").value_or("none"), "u x");
  EXPECT_FALSE(find_tagged_text("nothing").has_value());
}

}  // namespace
}  // namespace iprobe
