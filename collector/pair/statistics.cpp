#include "pair/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "pair/percentile.hpp"

namespace iprobe {

LatencyStats compute_latency_stats_in_place(std::span<int64_t> values) {
  LatencyStats stats;
  const std::size_t n = values.size();
  if (n == 0) return stats;
  stats.n = n;

  const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
  stats.min = *min_it;
  stats.max = *max_it;

  long double sum = 0;
  for (const int64_t value : values) sum += static_cast<long double>(value);
  const long double mean = sum / static_cast<long double>(n);
  stats.mean = static_cast<double>(mean);
  if (n >= 2) {
    long double squares = 0;
    for (const int64_t value : values) {
      const long double diff = static_cast<long double>(value) - mean;
      squares += diff * diff;
    }
    stats.stddev = static_cast<double>(std::sqrt(squares / static_cast<long double>(n - 1)));
  }

  // Selection instead of a full sort: p50 first, then p99 among the values after it.
  const std::size_t i50 = nearest_rank_index(500, n);
  const std::size_t i99 = nearest_rank_index(990, n);
  const auto at50 = values.begin() + static_cast<std::ptrdiff_t>(i50);
  std::nth_element(values.begin(), at50, values.end());
  stats.p50 = *at50;
  const auto at99 = values.begin() + static_cast<std::ptrdiff_t>(i99);
  std::nth_element(at50, at99, values.end());
  stats.p99 = *at99;
  return stats;
}

LatencyStats compute_latency_stats(std::span<const int64_t> values) {
  std::vector<int64_t> work(values.begin(), values.end());
  return compute_latency_stats_in_place(work);
}

LatencyStats compute_latency_stats(std::vector<int64_t>&& values) {
  return compute_latency_stats_in_place(values);
}

void sort_latencies(std::vector<int64_t>& values) {
  constexpr uint64_t kMaxCounts = uint64_t{1} << 22;  // 16 MB of counts at most
  if (values.size() < 2) return;
  const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
  const int64_t low = *min_it;
  // The range as an unsigned difference: exact even from INT64_MIN to INT64_MAX.
  const uint64_t span = static_cast<uint64_t>(*max_it) - static_cast<uint64_t>(low);
  if (span >= values.size() || span >= kMaxCounts || values.size() > UINT32_MAX) {
    std::sort(values.begin(), values.end());
    return;
  }
  std::vector<uint32_t> counts(span + 1, 0);
  for (const int64_t value : values) {
    ++counts[static_cast<uint64_t>(value) - static_cast<uint64_t>(low)];
  }
  auto out = values.begin();
  for (uint64_t offset = 0; offset <= span; ++offset) {
    out =
        std::fill_n(out, counts[offset], static_cast<int64_t>(static_cast<uint64_t>(low) + offset));
  }
}

std::vector<int64_t> same_cpu_deltas(std::span<const Pair> pairs) {
  std::vector<int64_t> deltas;
  deltas.reserve(pairs.size());
  for (const Pair& pair : pairs) {
    if (pair.user_cpu == pair.kernel_cpu) deltas.push_back(pair.delta());
  }
  return deltas;
}

}  // namespace iprobe
