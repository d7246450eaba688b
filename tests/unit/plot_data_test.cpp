#include "plot/plot_data.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

namespace iprobe {
namespace {

TEST(PlotDataTest, LogScaleWhenSpreadAbove50x) {
  EXPECT_FALSE(needs_log_scale(5, 250));  // 250 / 5 = 50, not above
  EXPECT_TRUE(needs_log_scale(5, 251));
  EXPECT_FALSE(needs_log_scale(0, 251));  // no log axis through zero
}

TEST(PlotDataTest, PercentilePerMille) {
  std::vector<int64_t> values(1000);
  std::iota(values.begin(), values.end(), 1);
  EXPECT_EQ(percentile_per_mille(values, 999), 999);
  EXPECT_EQ(percentile_per_mille(values, 500), 500);
  EXPECT_EQ(percentile_per_mille(values, 1000), 1000);
  EXPECT_EQ(percentile_per_mille(values, 0), 1);
  const std::vector<int64_t> four = {1, 2, 3, 4};
  EXPECT_EQ(percentile_per_mille(four, 500), 2);
  EXPECT_EQ(percentile_per_mille(four, 999), 4);
  EXPECT_THROW(percentile_per_mille(std::vector<int64_t>{}, 500), std::invalid_argument);
}

TEST(PlotDataTest, HistogramWideBinsAndClip) {
  const std::vector<int64_t> sorted = {1, 2, 2, 3, 5, 9};
  const Histogram h = make_histogram(sorted, 5, 2);
  // [1,5] is 5 values: 2 bins of width 3, [1..3] and [4..6]; 9 lies above the clip.
  EXPECT_EQ(h.lo, 1);
  EXPECT_EQ(h.hi, 5);
  EXPECT_EQ(h.width, 3);
  EXPECT_EQ(h.counts, (std::vector<uint64_t>{4, 1}));
  EXPECT_EQ(h.above, 1u);
  EXPECT_EQ(h.total, 6u);
}

TEST(PlotDataTest, HistogramUnitBinsWithNegatives) {
  const std::vector<int64_t> sorted = {-2, 0, 0, 1, 2};
  const Histogram h = make_histogram(sorted, 2, 100);
  EXPECT_EQ(h.width, 1);
  EXPECT_EQ(h.counts, (std::vector<uint64_t>{1, 0, 2, 1, 1}));
  EXPECT_EQ(h.above, 0u);
  const Histogram single = make_histogram(std::vector<int64_t>{7, 7}, 7, 10);
  EXPECT_EQ(single.counts, (std::vector<uint64_t>{2}));
  EXPECT_THROW(make_histogram(sorted, -3, 10), std::invalid_argument);
}

TEST(PlotDataTest, HistogramText) {
  const Histogram h = make_histogram(std::vector<int64_t>{1, 2, 2, 3, 5, 9}, 5, 2);
  EXPECT_EQ(histogram_dat_text(h),
            "# entry latency histogram (same-CPU pairs of pairs.csv), cycles\n"
            "# lo 1 hi 5 width 3 total 6 above_hi 1\n"
            "# bin_first bin_last bin_center count\n"
            "1 3 2 4\n"
            "4 6 5 1\n");
}

TEST(PlotDataTest, CdfAtDistinctValues) {
  const auto cdf = make_cdf(std::vector<int64_t>{1, 2, 2, 3}, 100);
  ASSERT_EQ(cdf.size(), 3u);
  EXPECT_EQ(cdf[0].value, 1);
  EXPECT_DOUBLE_EQ(cdf[0].fraction, 0.25);
  EXPECT_EQ(cdf[1].value, 2);
  EXPECT_DOUBLE_EQ(cdf[1].fraction, 0.75);
  EXPECT_EQ(cdf[2].value, 3);
  EXPECT_DOUBLE_EQ(cdf[2].fraction, 1.0);
  EXPECT_EQ(cdf_dat_text(cdf),
            "# entry latency CDF (same-CPU pairs of pairs.csv)\n"
            "# cycles fraction_at_or_below\n"
            "1 0.25\n2 0.75\n3 1\n");
  EXPECT_TRUE(make_cdf(std::vector<int64_t>{}, 10).empty());
}

TEST(PlotDataTest, CdfThinning) {
  std::vector<int64_t> values(10);
  std::iota(values.begin(), values.end(), 1);
  // step 1/4: kept at 0.1 (first), 0.4, 0.7 (each >= 0.25 above the last kept), 1.0 (last)
  const auto cdf = make_cdf(values, 4);
  std::vector<int64_t> kept;
  for (const CdfPoint& p : cdf) kept.push_back(p.value);
  EXPECT_EQ(kept, (std::vector<int64_t>{1, 4, 7, 10}));
  EXPECT_DOUBLE_EQ(cdf.back().fraction, 1.0);
  // A million values never give more than max_points + 1 points.
  std::vector<int64_t> many(1'000'000);
  std::iota(many.begin(), many.end(), 0);
  EXPECT_LE(make_cdf(many, 2000).size(), 2001u);
}

}  // namespace
}  // namespace iprobe
