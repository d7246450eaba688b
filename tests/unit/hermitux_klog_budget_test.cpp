#include "scenarios/hermitux/hermitux_klog_budget.hpp"

#include <gtest/gtest.h>

#include <string>

#include "scenarios/hermitux/hermitux_output.hpp"

namespace iprobe {
namespace {

// The stamp lines of seq 0 .. n-1 as the probe prints them (IOPROBE_KSTAMP_FMT), one TSC each.
uint64_t printed_bytes(uint64_t n, int cpu, const std::string& tsc) {
  uint64_t total = 0;
  for (uint64_t seq = 0; seq < n; ++seq)
    total += ("ioprobe k hermitux 6255cd93 " + std::to_string(seq) + " " + std::to_string(cpu) +
              " " + tsc + "\n")
                 .size();
  return total;
}

TEST(HermituxKlogBudget, StampBytesMatchThePrintedLines) {
  const KlogBudget one{1, 14, 1};
  // A real printk run of 200 calls (1 vCPU, 14-digit TSCs) logged 9,690 bytes of stamps.
  EXPECT_EQ(klog_stamp_bytes(one, 200), 9690u);
  for (uint64_t n : {0u, 1u, 9u, 10u, 11u, 99u, 100u, 101u, 1000u, 1234u})
    EXPECT_EQ(klog_stamp_bytes(one, n), printed_bytes(n, 0, "12345678901234")) << n;
}

TEST(HermituxKlogBudget, ExitStampWidensEveryLine) {
  const KlogBudget one{1, 14, 1}, two{1, 14, 2};
  EXPECT_EQ(klog_stamp_bytes(two, 100) - klog_stamp_bytes(one, 100), 100u * 15);
}

TEST(HermituxKlogBudget, MaxStampsIsTheLastThatFits) {
  for (const KlogBudget b : {KlogBudget{1, 14, 1}, KlogBudget{1, 14, 2}, KlogBudget{4, 20, 2}}) {
    const uint64_t most = klog_max_stamps(b);
    ASSERT_GT(most, 0u);
    EXPECT_LT(klog_other_bytes(b) + klog_stamp_bytes(b, most), kHermituxKlogSize);
    EXPECT_GE(klog_other_bytes(b) + klog_stamp_bytes(b, most + 1), kHermituxKlogSize);
  }
  // The measured run: 200 stamps of format 1 fit with one vCPU, with room to spare.
  EXPECT_GE(klog_max_stamps({1, 14, 1}), 200u);
  EXPECT_LT(klog_max_stamps({1, 14, 2}), klog_max_stamps({1, 14, 1}));
  EXPECT_LT(klog_max_stamps({8, 14, 1}), klog_max_stamps({1, 14, 1}));
}

TEST(HermituxKlogBudget, TscDigitsCoverThisHost) {
  const int d = tsc_digits_for_run();
  EXPECT_GE(d, 1);
  EXPECT_LE(d, 20);
}

}  // namespace
}  // namespace iprobe
