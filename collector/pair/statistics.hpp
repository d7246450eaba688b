// Latency statistics over paired deltas (TSC cycles).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "util/types.hpp"

namespace iprobe {

// n, min, max; mean; sample standard deviation (divisor n-1, 0 when n < 2); p50 and p99 by
// nearest rank (pair/percentile.hpp), counted when the values' range is narrow (see
// sort_latencies), selected otherwise.
// Empty input gives n = 0 and every field 0.
LatencyStats compute_latency_stats(std::span<const int64_t> values);
// The same, reordering the values given instead of copying them (they are a run's N deltas).
LatencyStats compute_latency_stats_in_place(std::span<int64_t> values);
LatencyStats compute_latency_stats(std::vector<int64_t>&& values);

// Sorts values ascending. A run's latencies span a few hundred or thousand cycles: when their
// range is not wider than their number, a counting sort (linear), else std::sort.
void sort_latencies(std::vector<int64_t>& values);

// The deltas of the pairs whose user and kernel stamps were taken on the same CPU: cross-CPU
// pairs are left out of the distribution because the TSC offset between CPUs is unknown.
std::vector<int64_t> same_cpu_deltas(std::span<const Pair> pairs);

}  // namespace iprobe
