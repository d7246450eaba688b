#include "pair/statistics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "pair/percentile.hpp"

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

TEST(Statistics, InputIsNotModified) {
  const std::vector<int64_t> values{3, 1, 2};
  compute_latency_stats(values);
  EXPECT_EQ(values, (std::vector<int64_t>{3, 1, 2}));
}

TEST(Statistics, HugeValuesDoNotOverflowTheMean) {
  const int64_t big = std::numeric_limits<int64_t>::max();
  const LatencyStats s = stats_of({big, big});
  EXPECT_EQ(s.mean, static_cast<double>(big));
  EXPECT_EQ(s.stddev, 0.0);
}

// p50 and p99 are counted for a narrow range and selected for a wide one: both give the
// nearest-rank values of the sorted input, whatever its size.
TEST(Statistics, PercentilesCountedOrSelected) {
  uint64_t state = 99;
  for (const std::size_t n : {1u, 2u, 3u, 99u, 100u, 101u, 1000u, 4321u}) {
    for (const bool narrow : {true, false}) {
      std::vector<int64_t> values;
      for (std::size_t i = 0; i < n; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        values.push_back(narrow ? -3 + static_cast<int64_t>((state >> 33) % (n + 2) / 2)
                                : static_cast<int64_t>(state));
      }
      std::vector<int64_t> sorted = values;
      std::sort(sorted.begin(), sorted.end());
      const LatencyStats stats = compute_latency_stats(values);
      EXPECT_EQ(stats.min, sorted.front());
      EXPECT_EQ(stats.max, sorted.back());
      EXPECT_EQ(stats.p50, sorted[nearest_rank_index(500, n)]) << n << " " << narrow;
      EXPECT_EQ(stats.p99, sorted[nearest_rank_index(990, n)]) << n << " " << narrow;
    }
  }
}

// The counting sort for narrow ranges and std::sort for wide ones give the same order.
TEST(Statistics, SortLatenciesSortsEveryRange) {
  std::vector<std::vector<int64_t>> cases = {
      {},
      {5},
      {3, -2},
      {INT64_MAX, INT64_MIN, 0, -1, INT64_MAX},  // wide: std::sort
      {-7, -7, -9, -8, -9, -7},                  // narrow, negative, repeated
  };
  uint64_t state = 12345;
  std::vector<int64_t> narrow;
  std::vector<int64_t> wide;
  for (int i = 0; i < 10000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    narrow.push_back(400 + static_cast<int64_t>(state >> 58) - 20);  // range 64 < 10000 values
    wide.push_back(static_cast<int64_t>(state));
  }
  cases.push_back(narrow);
  cases.push_back(wide);
  for (std::vector<int64_t>& values : cases) {
    std::vector<int64_t> expected = values;
    std::sort(expected.begin(), expected.end());
    sort_latencies(values);
    EXPECT_EQ(values, expected);
  }
}

TEST(Statistics, SameCpuDeltas) {
  const std::vector<Pair> pairs{
      Pair{.seq = 0, .user_cpu = 2, .kernel_cpu = 2, .user_tsc = 100, .kernel_tsc = 150},
      Pair{.seq = 1, .user_cpu = 2, .kernel_cpu = 3, .user_tsc = 100, .kernel_tsc = 90},
      Pair{.seq = 2, .user_cpu = 0, .kernel_cpu = 0, .user_tsc = 100, .kernel_tsc = 95},
  };
  EXPECT_EQ(same_cpu_deltas(pairs), (std::vector<int64_t>{50, -5}));
}

}  // namespace
}  // namespace iprobe
