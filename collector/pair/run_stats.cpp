#include "pair/run_stats.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace iprobe {
namespace {

// t(0.975, df) for df = 1..30.
constexpr std::array<double, 30> kSmallDf = {
    12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
    2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
    2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};

struct DfValue {
  std::size_t df;
  double t;
};
constexpr std::array<DfValue, 6> kLargeDf = {
    {{40, 2.0211}, {50, 2.0086}, {60, 2.0003}, {80, 1.9901}, {100, 1.9840}, {120, 1.9799}}};

}  // namespace

double median(std::span<const double> values) {
  if (values.empty()) throw std::invalid_argument("median of no values");
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const std::size_t mid = sorted.size() / 2;
  if (sorted.size() % 2 == 1) return sorted[mid];
  return sorted[mid - 1] + (sorted[mid] - sorted[mid - 1]) / 2;
}

double t_critical_95(std::size_t df) {
  if (df == 0) throw std::invalid_argument("t critical value needs at least 1 degree of freedom");
  if (df <= kSmallDf.size()) return kSmallDf[df - 1];
  if (df > kLargeDf.back().df) return 1.96;
  double t = kSmallDf.back();
  for (const DfValue& row : kLargeDf)
    if (row.df <= df) t = row.t;
  return t;
}

RunStats compute_run_stats(std::span<const double> values) {
  RunStats s;
  s.n = values.size();
  if (s.n == 0) return s;
  const auto [lowest, highest] = std::minmax_element(values.begin(), values.end());
  s.min = *lowest;
  s.max = *highest;
  s.p50 = median(values);
  long double sum = 0;
  for (double v : values) sum += v;
  const long double mean = sum / static_cast<long double>(s.n);
  s.mean = static_cast<double>(mean);
  if (s.n >= 2) {
    long double squares = 0;
    for (double v : values) squares += (v - mean) * (v - mean);
    s.stddev = static_cast<double>(std::sqrt(squares / static_cast<long double>(s.n - 1)));
    const double half = t_critical_95(s.n - 1) * s.stddev / std::sqrt(static_cast<double>(s.n));
    s.ci95 = std::pair{s.mean - half, s.mean + half};
  }
  return s;
}

std::vector<std::size_t> outlier_indices(std::span<const double> values, double median,
                                         double factor) {
  if (!(factor > 1.0)) throw std::invalid_argument("the outlier factor must be greater than 1");
  std::vector<std::size_t> out;
  if (!(median > 0)) return out;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i] > median * factor || values[i] < median / factor) out.push_back(i);
  return out;
}

}  // namespace iprobe
