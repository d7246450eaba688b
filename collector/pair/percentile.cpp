#include "pair/percentile.hpp"

#include <algorithm>
#include <stdexcept>

namespace iprobe {

std::size_t nearest_rank_index(uint64_t per_mille, std::size_t n) {
  const uint64_t rank = (std::min<uint64_t>(per_mille, 1000) * n + 999) / 1000;
  return rank == 0 ? 0 : static_cast<std::size_t>(rank - 1);
}

int64_t percentile_per_mille(std::span<const int64_t> sorted, uint64_t per_mille) {
  if (sorted.empty()) throw std::invalid_argument("percentile of no values");
  return sorted[nearest_rank_index(per_mille, sorted.size())];
}

}  // namespace iprobe
