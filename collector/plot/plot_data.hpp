// The numbers behind the figures, computed in C++ so gnuplot only ever reads small data files (a
// million entry-latency pairs become ~100 bins and ~2000 CDF points).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "pair/percentile.hpp"  // percentile_per_mille, for the callers of the histograms

namespace iprobe {

// Whether a bar chart over [lo, hi] needs a log y axis: lo positive and hi/lo above `ratio`.
bool needs_log_scale(double lo, double hi, double ratio = 50.0);

// Integer-width bins over [lo, hi] with lo = the smallest value; values above hi are counted in
// `above`, not binned. Bin i holds the values lo + i*width .. lo + (i+1)*width - 1.
struct Histogram {
  int64_t lo = 0;
  int64_t hi = 0;
  int64_t width = 1;
  std::vector<uint64_t> counts;
  uint64_t total = 0;  // all values, binned or not
  uint64_t above = 0;  // values > hi
};

// `sorted` ascending and not empty, hi >= sorted.front(); at most max_bins (>= 1) bins.
Histogram make_histogram(std::span<const int64_t> sorted, int64_t hi, std::size_t max_bins);

struct CdfPoint {
  int64_t value = 0;
  double fraction = 0;  // share of the values <= value
};

// The empirical CDF at the distinct values of `sorted` (ascending). With more distinct values
// than max_points, a point is kept only once the fraction grew by 1/max_points since the last
// kept one; the first and the last (fraction 1) are always kept.
std::vector<CdfPoint> make_cdf(std::span<const int64_t> sorted, std::size_t max_points);

// The data files gnuplot reads (whitespace-separated columns, '#' comment header).
std::string histogram_dat_text(const Histogram& histogram);
std::string cdf_dat_text(std::span<const CdfPoint> points);

}  // namespace iprobe
