// HermiTux guest output: uhyve's kernel-log dump, the probe's dump on stdout, diagnosis.
#include "scenarios/hermitux/hermitux_output.hpp"

#include <gtest/gtest.h>

#include <string>

namespace iprobe {
namespace {

std::string uhyve_stderr(const std::string& klog) {
  return "Uhyve's elf loader starts, considering: /bin/loop\n"
         "\nDump kernel log:\n================\n" +
         klog + "\n";
}

TEST(UhyveKernelLog, AbsentWithoutHeader) {
  const UhyveKernelLog log = extract_uhyve_kernel_log("proxy: something\n");
  EXPECT_FALSE(log.found);
  EXPECT_TRUE(log.text.empty());
}

TEST(UhyveKernelLog, KeepsAShortLogWhole) {
  const std::string klog = "cpuid level 13\nioprobe k hermitux 0000abcd 0 0 100\n";
  const UhyveKernelLog log = extract_uhyve_kernel_log(uhyve_stderr(klog));
  EXPECT_TRUE(log.found);
  EXPECT_FALSE(log.wrapped);
  EXPECT_EQ(log.text, klog);
  EXPECT_EQ(log.dropped_partial_lines, 0u);
}

// A wrapped ring is exactly KMSG_SIZE bytes, newest text first, and ends with the head of an
// overwritten line: that head could parse as a stamp with a cut TSC, so it must go.
TEST(UhyveKernelLog, DropsTheCutLastLineOfAWrappedRing) {
  std::string ring;
  const std::string line = "ioprobe k hermitux 0000abcd 17 0 123456789\n";
  const std::string head = "ioprobe k hermitux 0000abcd 99 0 1234";
  while (ring.size() + line.size() + head.size() < kHermituxKlogSize) ring += line;
  ring += head;
  ring.append(kHermituxKlogSize - ring.size(), '7');  // fill to exactly the ring size
  ASSERT_EQ(ring.size(), kHermituxKlogSize);
  const UhyveKernelLog log = extract_uhyve_kernel_log(uhyve_stderr(ring));
  EXPECT_TRUE(log.wrapped);
  EXPECT_EQ(log.dropped_partial_lines, 1u);
  EXPECT_EQ(log.text.find("0000abcd 99 "), std::string::npos);
  EXPECT_EQ(log.text.back(), '\n');
}

TEST(UhyveKernelLog, WrappedRingEndingOnALineBoundaryDropsNothing) {
  std::string ring;
  const std::string line = "ioprobe k hermitux 0000abcd 17 0 12345678901\n";  // 45 bytes
  while (ring.size() < kHermituxKlogSize - line.size()) ring += line;
  ring.append(kHermituxKlogSize - ring.size() - 1, 'x');
  ring += '\n';
  const UhyveKernelLog log = extract_uhyve_kernel_log(uhyve_stderr(ring));
  EXPECT_TRUE(log.wrapped);
  EXPECT_EQ(log.dropped_partial_lines, 0u);
}

TEST(SplitGuestStdout, SeparatesTheProbeDumpFromTheLoop) {
  const std::string out =
      "0x0000000000221823\n"
      "ioprobe run 0000abcd iterations=2 warmup=0 cpu=0 variant=freestanding cmd=0xb830\n"
      "ioprobe u 0000abcd 0 0 10\n"
      "ioprobe u 0000abcd 1 0 20\n"
      "ioprobe total 0000abcd calls=2 cycles=30 cpu_start=0 cpu_end=0 migrations=0 errors=0\n"
      "ioprobe dump-begin hermitux entries=2 dropped=0 capacity=2\n"
      "ioprobe k hermitux 0000abcd 0 0 15\n"
      "ioprobe k hermitux 0000abcd 1 0 25\n"
      "ioprobe dump-end hermitux entries=2\n";
  const SplitStdout split = split_guest_stdout(out);
  EXPECT_EQ(split.kernel_lines, 4u);
  EXPECT_EQ(split.kernel.rfind("ioprobe dump-begin", 0), 0u);
  EXPECT_EQ(split.user.find("ioprobe k "), std::string::npos);
  EXPECT_NE(split.user.find("0x0000000000221823\n"), std::string::npos);
  EXPECT_NE(split.user.find("ioprobe total"), std::string::npos);
}

TEST(SplitGuestStdout, KeepsAnUnterminatedLastLine) {
  const SplitStdout split = split_guest_stdout("ioprobe k hermitux 0000abcd 0 0 1");
  EXPECT_EQ(split.kernel, "ioprobe k hermitux 0000abcd 0 0 1\n");
}

TEST(OutputTail, JoinsTheLastNonEmptyLines) {
  EXPECT_EQ(output_tail("a\n\nb\r\nc\n\n", 2), "b | c");
  EXPECT_EQ(output_tail("", 3), "no output");
}

TEST(DiagnoseHermitux, CompletedRunIsFine) {
  EXPECT_FALSE(diagnose_hermitux_run({0, false, 0}, "ioprobe total 1 calls=1\n", "").has_value());
}

TEST(DiagnoseHermitux, ProbeMissing) {
  auto why = diagnose_hermitux_run(
      {1, false, 0}, "",
      "entry-loop-freestanding: the HermiTux ioctl probe does not answer (returned -38): ...\n");
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("hermitux-ioctl-probe.patch"), std::string::npos);
}

TEST(DiagnoseHermitux, CrashReportsStatusAndTail) {
  auto why =
      diagnose_hermitux_run({1, false, 0}, "", "proxy: KVM: internal error exit: suberror = 0x1\n");
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("exit status 1"), std::string::npos);
  EXPECT_NE(why->find("internal error exit"), std::string::npos);
}

TEST(DiagnoseHermitux, TimeoutSaysSo) {
  auto why = diagnose_hermitux_run({-1, true, 30}, "ioprobe total x\n", "still going\n");
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("within 30 s"), std::string::npos);
}

TEST(DiagnoseHermitux, ExitZeroWithoutTotalIsUnfinished) {
  auto why = diagnose_hermitux_run({0, false, 0}, "ioprobe run 1\n", "");
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("did not finish"), std::string::npos);
}

}  // namespace
}  // namespace iprobe
