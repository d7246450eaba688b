// Statistics across runs (run_stats.hpp) against hand-computed values.
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "pair/run_stats.hpp"

namespace iprobe {
namespace {

constexpr double kEps = 1e-4;

TEST(RunStatsMedian, EvenCountIsTheMeanOfTheMiddleTwo) {
  EXPECT_DOUBLE_EQ(median(std::vector<double>{4, 1, 3, 2}), 2.5);  // unsorted on purpose
  EXPECT_DOUBLE_EQ(median(std::vector<double>{1e18, 1e18 + 2048}), 1e18 + 1024);
}

TEST(RunStatsMedian, OddCountMedianIsMiddleValue) {
  EXPECT_DOUBLE_EQ(median(std::vector<double>{9, 1, 5}), 5.0);
  EXPECT_DOUBLE_EQ(median(std::vector<double>{7}), 7.0);
}

TEST(RunStatsMedian, EmptyThrows) {
  EXPECT_THROW(median(std::vector<double>{}), std::invalid_argument);
}

TEST(RunStats, SampleStddevUsesNMinusOne) {
  const std::vector<double> v = {2, 4, 4, 4, 5, 5, 7, 9};  // population sd 2, sample sd sqrt(32/7)
  const RunStats s = compute_run_stats(v);
  EXPECT_EQ(s.n, 8u);
  EXPECT_DOUBLE_EQ(s.min, 2.0);
  EXPECT_DOUBLE_EQ(s.max, 9.0);
  EXPECT_DOUBLE_EQ(s.p50, 4.5);
  EXPECT_DOUBLE_EQ(s.mean, 5.0);
  EXPECT_NEAR(s.stddev, 2.138089935299395, 1e-12);
}

TEST(RunStats, EmptyAndSingle) {
  const RunStats empty = compute_run_stats(std::vector<double>{});
  EXPECT_EQ(empty.n, 0u);
  EXPECT_FALSE(empty.ci95.has_value());
  const RunStats one = compute_run_stats(std::vector<double>{42.5});
  EXPECT_EQ(one.n, 1u);
  EXPECT_DOUBLE_EQ(one.p50, 42.5);
  EXPECT_DOUBLE_EQ(one.min, 42.5);
  EXPECT_DOUBLE_EQ(one.max, 42.5);
  EXPECT_DOUBLE_EQ(one.stddev, 0.0);
  EXPECT_FALSE(one.ci95.has_value());  // no interval from one run
}

TEST(RunStatsT, CriticalValues) {
  EXPECT_THROW(t_critical_95(0), std::invalid_argument);
  EXPECT_DOUBLE_EQ(t_critical_95(1), 12.7062);
  EXPECT_DOUBLE_EQ(t_critical_95(4), 2.7764);
  EXPECT_DOUBLE_EQ(t_critical_95(9), 2.2622);
  EXPECT_DOUBLE_EQ(t_critical_95(29), 2.0452);
  EXPECT_DOUBLE_EQ(t_critical_95(30), 2.0423);
  EXPECT_DOUBLE_EQ(t_critical_95(45), 2.0211);  // between table rows: the lower df's value
  EXPECT_DOUBLE_EQ(t_critical_95(120), 1.9799);
  EXPECT_DOUBLE_EQ(t_critical_95(121), 1.96);
  EXPECT_DOUBLE_EQ(t_critical_95(100000), 1.96);
  for (std::size_t df = 1; df < 200; ++df) EXPECT_GE(t_critical_95(df), t_critical_95(df + 1));
}

// mean -/+ t(df = R - 1) * s / sqrt(R), values computed by hand (Python statistics.stdev).
TEST(RunStatsCi, TwoRuns) {
  const RunStats s = compute_run_stats(std::vector<double>{10, 12});
  ASSERT_TRUE(s.ci95.has_value());
  EXPECT_NEAR(s.stddev, 1.4142135623730951, 1e-12);
  EXPECT_NEAR(s.ci95->first, -1.7062, kEps);
  EXPECT_NEAR(s.ci95->second, 23.7062, kEps);
}

TEST(RunStatsCi, FiveRuns) {
  const RunStats s = compute_run_stats(std::vector<double>{1, 2, 3, 4, 5});
  ASSERT_TRUE(s.ci95.has_value());
  EXPECT_NEAR(s.ci95->first, 1.036789, kEps);
  EXPECT_NEAR(s.ci95->second, 4.963211, kEps);
}

TEST(RunStatsCi, TenRuns) {
  std::vector<double> v;
  for (int i = 1; i <= 10; ++i) v.push_back(i);
  const RunStats s = compute_run_stats(v);
  ASSERT_TRUE(s.ci95.has_value());
  EXPECT_DOUBLE_EQ(s.p50, 5.5);
  EXPECT_NEAR(s.stddev, 3.0276503540974917, 1e-12);
  EXPECT_NEAR(s.ci95->first, 3.334108, kEps);
  EXPECT_NEAR(s.ci95->second, 7.665892, kEps);
}

TEST(RunStatsCi, ThirtyRuns) {
  std::vector<double> v;
  for (int i = 1; i <= 30; ++i) v.push_back(i);
  const RunStats s = compute_run_stats(v);
  ASSERT_TRUE(s.ci95.has_value());
  EXPECT_NEAR(s.stddev, 8.803408430829505, 1e-12);
  EXPECT_NEAR(s.ci95->first, 12.212801, kEps);
  EXPECT_NEAR(s.ci95->second, 18.787199, kEps);
}

TEST(RunStatsCi, IdenticalRunsGiveAPointInterval) {
  const RunStats s = compute_run_stats(std::vector<double>{7, 7, 7});
  ASSERT_TRUE(s.ci95.has_value());
  EXPECT_DOUBLE_EQ(s.ci95->first, 7.0);
  EXPECT_DOUBLE_EQ(s.ci95->second, 7.0);
}

TEST(RunStatsOutliers, BothDirections) {
  // median 100, factor 1.5: above 150 or below 66.67 is an outlier.
  const std::vector<double> v = {100, 100, 100, 151, 66, 149, 67, 150};
  EXPECT_EQ(outlier_indices(v, 100, 1.5), (std::vector<std::size_t>{3, 4}));
  EXPECT_EQ(outlier_indices(v, 100, 2.0), (std::vector<std::size_t>{}));
  EXPECT_EQ(outlier_indices(v, 100, 1.01).size(), 5u);  // all but the three 100s
}

TEST(RunStatsOutliers, BadFactorOrMedian) {
  const std::vector<double> v = {1, 2};
  EXPECT_THROW(outlier_indices(v, 1, 1.0), std::invalid_argument);
  EXPECT_THROW(outlier_indices(v, 1, 0.5), std::invalid_argument);
  EXPECT_TRUE(outlier_indices(v, 0, 1.5).empty());
}

}  // namespace
}  // namespace iprobe
