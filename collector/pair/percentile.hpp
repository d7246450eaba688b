// The collector's one definition of a percentile: nearest rank on ascending values. The
// per_mille-th percentile (500 = p50, 990 = p99, 999 = p99.9) is the value of rank
// ceil(per_mille / 1000 * n), 1-based and at least 1: p50 of {1,2,3,4} is 2, p99 of 100 values
// is the 99th. Used by the latency statistics, the plots and the report tables alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace iprobe {

// 0-based index of that rank among n > 0 values; per_mille above 1000 counts as 1000.
std::size_t nearest_rank_index(uint64_t per_mille, std::size_t n);

// The percentile of ascending values. Throws std::invalid_argument when sorted is empty.
int64_t percentile_per_mille(std::span<const int64_t> sorted, uint64_t per_mille);

}  // namespace iprobe
