#include "plot/plot_data.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "util/text_format.hpp"

namespace iprobe {

bool needs_log_scale(double lo, double hi, double ratio) { return lo > 0 && hi / lo > ratio; }

Histogram make_histogram(std::span<const int64_t> sorted, int64_t hi, std::size_t max_bins) {
  if (sorted.empty() || max_bins == 0 || hi < sorted.front())
    throw std::invalid_argument("histogram needs values, bins and hi >= the smallest value");
  Histogram h;
  h.lo = sorted.front();
  h.hi = hi;
  h.total = sorted.size();
  const uint64_t range = static_cast<uint64_t>(hi) - static_cast<uint64_t>(h.lo) + 1;
  const uint64_t width = (range + max_bins - 1) / max_bins;
  h.width = static_cast<int64_t>(width);
  h.counts.assign(static_cast<std::size_t>((range + width - 1) / width), 0);
  for (const int64_t v : sorted) {
    if (v > hi) {
      ++h.above;
      continue;
    }
    const uint64_t offset = static_cast<uint64_t>(v) - static_cast<uint64_t>(h.lo);
    ++h.counts[static_cast<std::size_t>(offset / width)];
  }
  return h;
}

std::vector<CdfPoint> make_cdf(std::span<const int64_t> sorted, std::size_t max_points) {
  std::vector<CdfPoint> points;
  const std::size_t n = sorted.size();
  if (n == 0) return points;
  const double step = max_points == 0 ? 0 : 1.0 / static_cast<double>(max_points);
  for (std::size_t i = 0; i < n; ++i) {
    if (i + 1 < n && sorted[i + 1] == sorted[i]) continue;  // last of a run of equal values
    const double fraction = static_cast<double>(i + 1) / static_cast<double>(n);
    const bool last = i + 1 == n;
    if (!points.empty() && !last && fraction - points.back().fraction < step) continue;
    points.push_back({sorted[i], fraction});
  }
  return points;
}

std::string histogram_dat_text(const Histogram& h) {
  std::string out = "# entry latency histogram (same-CPU pairs of pairs.csv), cycles\n";
  out += "# lo " + std::to_string(h.lo) + " hi " + std::to_string(h.hi) + " width " +
         std::to_string(h.width) + " total " + std::to_string(h.total) + " above_hi " +
         std::to_string(h.above) + "\n# bin_first bin_last bin_center count\n";
  for (std::size_t i = 0; i < h.counts.size(); ++i) {
    const int64_t first = h.lo + static_cast<int64_t>(i) * h.width;
    const int64_t last = first + h.width - 1;
    out += std::to_string(first) + ' ' + std::to_string(last) + ' ' +
           general(static_cast<double>(first) + static_cast<double>(h.width - 1) / 2.0) + ' ' +
           std::to_string(h.counts[i]) + '\n';
  }
  return out;
}

std::string cdf_dat_text(std::span<const CdfPoint> points) {
  std::string out =
      "# entry latency CDF (same-CPU pairs of pairs.csv)\n"
      "# cycles fraction_at_or_below\n";
  for (const CdfPoint& p : points)
    out += std::to_string(p.value) + ' ' + general(p.fraction) + '\n';
  return out;
}

}  // namespace iprobe
