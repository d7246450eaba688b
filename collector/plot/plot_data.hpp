// The numbers behind the plots and the report table, computed in C++ so gnuplot only ever reads
// small data files (a million entry-latency pairs become ~100 bins and ~2000 CDF points).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "pair/percentile.hpp"  // percentile_per_mille, for the callers of the histograms
#include "plot/plot_csv.hpp"

namespace iprobe {

// Cycles per call of one round-trip variant across its runs. min/p50/mean/stddev/ci95 come from
// compute_run_stats (run_stats.hpp), so they equal summary.json's: p50 is the median (mean of the
// two middle values for an even count), ci95 the Student-t interval of the mean.
struct VariantStats {
  std::string name;
  std::size_t runs = 0;
  double min = 0;
  double p50 = 0;
  double mean = 0;
  double max = 0;
  double stddev = 0;  // sample standard deviation, 0 for one run
  double ci95 = 0;    // half-width of the 95% confidence interval of the mean, 0 for one run
  uint64_t errors = 0;
  uint64_t migrations = 0;
};

// One entry per variant, in the order the variants first appear in the rows.
std::vector<VariantStats> summarize_variants(std::span<const RoundtripRun> runs);

// Whether the bar chart needs a log y axis: every value positive and max/min above `ratio`.
bool needs_log_scale(std::span<const VariantStats> variants, double ratio = 50.0);

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

// Data files for gnuplot (whitespace-separated columns, '#' comment header). Throw
// std::runtime_error naming the file when it cannot be written.
void write_roundtrip_dat(const std::filesystem::path& path, std::span<const VariantStats> variants);
void write_histogram_dat(const std::filesystem::path& path, const Histogram& histogram);
void write_cdf_dat(const std::filesystem::path& path, std::span<const CdfPoint> points);

// The text of those files (what the writers above write).
std::string roundtrip_dat_text(std::span<const VariantStats> variants);
std::string histogram_dat_text(const Histogram& histogram);
std::string cdf_dat_text(std::span<const CdfPoint> points);

}  // namespace iprobe
