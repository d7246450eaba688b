// Statistics across the runs of one benchmark variant: one value per run (e.g. cycles per call).
//
// Definitions (all documented in summary.json's consumers, see report/roundtrip.hpp):
//   min      smallest value.
//   p50      the median: the middle value for an odd count, the mean of the two middle values
//            for an even count (percentile() below at p = 50).
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
  double p50 = 0;
  double mean = 0;
  double stddev = 0;
  std::optional<std::pair<double, double>> ci95;  // {low, high}; nullopt when n < 2
};

// Percentile with linear interpolation between closest ranks (Hyndman & Fan type 7, the default
// of R and NumPy): on the ascending values x[0..n-1], h = (n - 1) * p / 100 and the result is
// x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)]). p is clamped to [0, 100].
// Throws std::invalid_argument on empty input.
double percentile(std::span<const double> values, double p);

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
