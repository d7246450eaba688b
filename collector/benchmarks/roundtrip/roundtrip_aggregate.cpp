// Round-trip benchmark: its variants' names and programs, and what it derives over all of them
// (the runs of each variant are aggregated by benchmarks/loop_runs/).
#include <algorithm>

#include "benchmarks/roundtrip/roundtrip_results.hpp"

namespace iprobe {

std::string roundtrip_binary_name(std::string_view variant) {
  return "roundtrip-loop-" + std::string(variant);
}

bool is_roundtrip_variant(std::string_view name) {
  return std::find(kRoundtripVariants.begin(), kRoundtripVariants.end(), name) !=
         kRoundtripVariants.end();
}

void RoundtripResults::finish() {
  std::optional<double> fastest;
  for (const LoopSeries& v : variants)
    if (v.stats.n > 0 && (!fastest || v.stats.p50 < *fastest)) fastest = v.stats.p50;
  std::vector<const LoopSeries*> all;
  for (LoopSeries& v : variants) {
    v.ratio_to_fastest.reset();
    if (v.stats.n > 0 && fastest && *fastest > 0) v.ratio_to_fastest = v.stats.p50 / *fastest;
    all.push_back(&v);
  }
  tsc_floor = combined_floor(all);
}

}  // namespace iprobe
