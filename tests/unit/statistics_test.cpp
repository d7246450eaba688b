#include "pair/statistics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

namespace iprobe {
namespace {

LatencyStats stats_of(std::vector<int64_t> values) { return compute_latency_stats(values); }

TEST(Statistics, EmptyIsAllZero) {
  const LatencyStats s = stats_of({});
  EXPECT_EQ(s.n, 0u);
  EXPECT_EQ(s.min, 0);
  EXPECT_EQ(s.p50, 0);
  EXPECT_EQ(s.mean, 0.0);
  EXPECT_EQ(s.p99, 0);
  EXPECT_EQ(s.max, 0);
  EXPECT_EQ(s.stddev, 0.0);
}

TEST(Statistics, SingleValue) {
  const LatencyStats s = stats_of({42});
  EXPECT_EQ(s.n, 1u);
  EXPECT_EQ(s.min, 42);
  EXPECT_EQ(s.p50, 42);
  EXPECT_EQ(s.mean, 42.0);
  EXPECT_EQ(s.p99, 42);
  EXPECT_EQ(s.max, 42);
  EXPECT_EQ(s.stddev, 0.0);
}

TEST(Statistics, FourValuesNearestRank) {
  const LatencyStats s = stats_of({4, 1, 3, 2});
  EXPECT_EQ(s.p50, 2);  // rank ceil(0.5 * 4) = 2
  EXPECT_EQ(s.p99, 4);  // rank ceil(0.99 * 4) = 4
  EXPECT_EQ(s.mean, 2.5);
  EXPECT_DOUBLE_EQ(s.stddev, std::sqrt(5.0 / 3.0));
}

TEST(Statistics, TextbookSample) {
  const LatencyStats s = stats_of({9, 2, 4, 5, 4, 7, 4, 5});
  EXPECT_EQ(s.n, 8u);
  EXPECT_EQ(s.min, 2);
  EXPECT_EQ(s.max, 9);
  EXPECT_EQ(s.p50, 4);  // rank 4 of 2 4 4 4 5 5 7 9
  EXPECT_EQ(s.p99, 9);  // rank 8
  EXPECT_EQ(s.mean, 5.0);
  EXPECT_DOUBLE_EQ(s.stddev, std::sqrt(32.0 / 7.0));
}

TEST(Statistics, NegativeValues) {
  const LatencyStats s = stats_of({-3, 10, -7});
  EXPECT_EQ(s.min, -7);
  EXPECT_EQ(s.p50, -3);
  EXPECT_EQ(s.p99, 10);
  EXPECT_EQ(s.max, 10);
  EXPECT_EQ(s.mean, 0.0);
  EXPECT_DOUBLE_EQ(s.stddev, std::sqrt(79.0));
}

TEST(Statistics, HundredAndThousandShuffled) {
  std::mt19937 rng(7);
  std::vector<int64_t> hundred(100);
  std::iota(hundred.begin(), hundred.end(), 1);
  std::shuffle(hundred.begin(), hundred.end(), rng);
  LatencyStats s = compute_latency_stats(hundred);
  EXPECT_EQ(s.p50, 50);
  EXPECT_EQ(s.p99, 99);
  EXPECT_EQ(s.min, 1);
  EXPECT_EQ(s.max, 100);
  EXPECT_EQ(s.mean, 50.5);

  std::vector<int64_t> thousand(1000);
  std::iota(thousand.begin(), thousand.end(), 1);
  std::shuffle(thousand.begin(), thousand.end(), rng);
  s = compute_latency_stats(thousand);
  EXPECT_EQ(s.p50, 500);
  EXPECT_EQ(s.p99, 990);
  EXPECT_EQ(s.n, 1000u);
}

TEST(Statistics, HugeValuesDoNotOverflowTheMean) {
  const int64_t big = std::numeric_limits<int64_t>::max();
  const LatencyStats s = stats_of({big, big});
  EXPECT_EQ(s.mean, static_cast<double>(big));
  EXPECT_EQ(s.stddev, 0.0);
}

TEST(Statistics, SameCpuDeltas) {
  const std::vector<Pair> pairs{
      Pair{1, 0, 2, 2, 100, 150, 50},
      Pair{1, 1, 2, 3, 100, 90, -10},
      Pair{1, 2, 0, 0, 100, 95, -5},
  };
  EXPECT_EQ(same_cpu_deltas(pairs), (std::vector<int64_t>{50, -5}));
}

}  // namespace
}  // namespace iprobe
