#include "pair/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "pair/percentile.hpp"

namespace iprobe {
namespace {

constexpr uint64_t kMaxCounts = uint64_t{1} << 22;  // 16 MB of counts at most

// How often each value from low to high occurs, when the range is narrow: not wider than the
// number of values (nor kMaxCounts). A run's latencies span a few hundred or thousand cycles,
// so counting them is linear where selecting or sorting them is not. nullopt for a wide range.
std::optional<std::vector<uint32_t>> narrow_counts(std::span<const int64_t> values, int64_t low,
                                                   int64_t high) {
  // The range as an unsigned difference: exact even from INT64_MIN to INT64_MAX.
  const uint64_t span = static_cast<uint64_t>(high) - static_cast<uint64_t>(low);
  if (span >= values.size() || span >= kMaxCounts || values.size() > UINT32_MAX) {
    return std::nullopt;
  }
  std::vector<uint32_t> counts(span + 1, 0);
  for (const int64_t value : values) {
    ++counts[static_cast<uint64_t>(value) - static_cast<uint64_t>(low)];
  }
  return counts;
}

int64_t value_of(int64_t low, std::size_t offset) {
  return static_cast<int64_t>(static_cast<uint64_t>(low) + offset);
}

// The value of 0-based rank `rank` in ascending order, from narrow_counts(.., low, ..).
int64_t value_at_rank(const std::vector<uint32_t>& counts, int64_t low, std::size_t rank) {
  std::size_t below = 0;
  for (std::size_t offset = 0; offset < counts.size(); ++offset) {
    below += counts[offset];
    if (below > rank) return value_of(low, offset);
  }
  return value_of(low, counts.size() - 1);  // not reached: rank < the number of values
}

}  // namespace

LatencyStats compute_latency_stats_in_place(std::span<int64_t> values) {
  LatencyStats stats;
  const std::size_t n = values.size();
  if (n == 0) return stats;
  stats.n = n;

  stats.min = values.front();
  stats.max = values.front();
  long double sum = 0;
  for (const int64_t value : values) {
    stats.min = std::min(stats.min, value);
    stats.max = std::max(stats.max, value);
    sum += static_cast<long double>(value);
  }
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

  const std::size_t i50 = nearest_rank_index(500, n);
  const std::size_t i99 = nearest_rank_index(990, n);
  if (const auto counts = narrow_counts(values, stats.min, stats.max)) {
    stats.p50 = value_at_rank(*counts, stats.min, i50);
    stats.p99 = value_at_rank(*counts, stats.min, i99);
    return stats;
  }
  // Selection instead of a full sort: p50 first, then p99 among the values after it.
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
  if (values.size() < 2) return;
  const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
  const int64_t low = *min_it;
  const std::optional<std::vector<uint32_t>> counts = narrow_counts(values, low, *max_it);
  if (!counts) {
    std::sort(values.begin(), values.end());
    return;
  }
  auto out = values.begin();
  for (std::size_t offset = 0; offset < counts->size(); ++offset) {
    out = std::fill_n(out, (*counts)[offset], value_of(low, offset));
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
