// Statistics across the runs of one benchmark variant: one value per run (e.g. cycles per call).
//
// Definitions (summary.json and runs.csv of the round-trip benchmark,
// benchmarks/roundtrip/roundtrip_results.hpp):
//   min/max  smallest and largest value.
//   p50      the median: the middle value for an odd count, the mean of the two middle values
//            for an even count (median() below). Not a percentile of a distribution: a few runs
//            only; the percentiles of latency samples are pair/percentile.hpp's.
//   mean     arithmetic mean.
//   stddev   sample standard deviation (divisor n - 1); 0 when n < 2.
//   ci95     95% confidence interval of the mean, Student t, two-sided:
//            mean -/+ t(0.975, df = n - 1) * stddev / sqrt(n); absent when n < 2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace iprobe {

struct RunStats {
  std::size_t n = 0;
  double min = 0;
  double max = 0;
  double p50 = 0;
  double mean = 0;
  double stddev = 0;
  std::optional<std::pair<double, double>> ci95;  // {low, high}; nullopt when n < 2
};

// The median of values (in any order): the middle value for an odd count, the mean of the two
// middle values for an even count. Throws std::invalid_argument on empty input.
double median(std::span<const double> values);

// Two-sided 95% critical value of Student's t distribution with `df` degrees of freedom
// (the 0.975 quantile). Exact table for df 1..30; for larger df the value of the largest
// tabulated df not above it (40, 50, 60, 80, 100, 120: slightly conservative); 1.96 (the normal
// quantile) above 120. Throws std::invalid_argument for df == 0.
double t_critical_95(std::size_t df);

// All of RunStats over `values`; n = 0 and every field 0 for empty input.
RunStats compute_run_stats(std::span<const double> values);

// Indices of the values that differ from `median` by more than `factor` in either direction:
// value > median * factor or value < median / factor. factor must be > 1 (else
// std::invalid_argument); a non-positive median flags nothing.
std::vector<std::size_t> outlier_indices(std::span<const double> values, double median,
                                         double factor);

}  // namespace iprobe
