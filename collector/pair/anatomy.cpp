#include "pair/anatomy.hpp"

#include <array>
#include <cstddef>
#include <utility>
#include <vector>

#include "pair/statistics.hpp"

namespace iprobe {
namespace {

// Modular difference read as signed: exact for |later - earlier| < 2^63.
int64_t signed_diff(uint64_t later, uint64_t earlier) {
  return static_cast<int64_t>(later - earlier);
}

}  // namespace

std::optional<CallAnatomy> call_anatomy(const Pair& pair) {
  constexpr uint8_t kBoth = Pair::kUserAfter | Pair::kKernelExit;
  if (pair.exit_stamps != kBoth) return std::nullopt;
  CallAnatomy anatomy;
  anatomy.entry = signed_diff(pair.kernel_tsc, pair.user_tsc);
  anatomy.kernel = signed_diff(pair.kernel_exit_tsc, pair.kernel_tsc);
  anatomy.exit = signed_diff(pair.user_after_tsc, pair.kernel_exit_tsc);
  anatomy.round_trip = signed_diff(pair.user_after_tsc, pair.user_tsc);
  return anatomy;
}

bool in_order(const CallAnatomy& anatomy) {
  return anatomy.entry >= 0 && anatomy.kernel >= 0 && anatomy.exit >= 0;
}

bool probe_encloses(Probe outer, Probe inner) {
  return outer == Probe::kTracepoint && inner != Probe::kTracepoint;
}

std::optional<bool> cross_check_chain_holds(const Pair& pair, Probe primary, Probe extra,
                                            const ProbeCall& call) {
  if (!pair.user_after() || !pair.kernel_exit() || !call.exit) return std::nullopt;
  const ProbeCall primary_call{pair.kernel_cpu, pair.kernel_tsc, pair.kernel_exit()};
  const bool extra_outside = !probe_encloses(primary, extra);
  const ProbeCall& outer = extra_outside ? call : primary_call;
  const ProbeCall& inner = extra_outside ? primary_call : call;
  const std::array<uint64_t, 6> chain{pair.user_tsc, outer.enter, inner.enter,
                                      *inner.exit,   *outer.exit, pair.user_after_tsc};
  for (std::size_t i = 1; i < chain.size(); ++i) {
    if (signed_diff(chain[i], chain[i - 1]) < 0) return false;
  }
  return true;
}

std::optional<AnatomyStats> anatomy_stats(std::span<const Pair> pairs) {
  // One part at a time through one buffer: a run's N values of each part are its largest
  // temporary, and every fresh page of it costs a page fault.
  std::vector<int64_t> values;
  values.reserve(pairs.size());
  const auto part_stats = [&](int64_t CallAnatomy::*part) {
    values.clear();
    for (const Pair& pair : pairs) {
      if (pair.user_cpu != pair.kernel_cpu) continue;
      if (const std::optional<CallAnatomy> anatomy = call_anatomy(pair)) {
        values.push_back((*anatomy).*part);
      }
    }
    return compute_latency_stats_in_place(values);
  };
  AnatomyStats stats{part_stats(&CallAnatomy::entry), {}, {}, {}};
  if (stats.entry.n == 0) return std::nullopt;
  stats.kernel = part_stats(&CallAnatomy::kernel);
  stats.exit = part_stats(&CallAnatomy::exit);
  stats.round_trip = part_stats(&CallAnatomy::round_trip);
  return stats;
}

CrossCheckGaps cross_check_gaps(std::span<const Pair> pairs, const ExtraProbe& probe) {
  std::vector<int64_t> enter_gaps;
  std::vector<int64_t> exit_gaps;
  for (std::size_t i = 0; i < pairs.size() && i < probe.at_pair.size(); ++i) {
    const std::optional<ProbeCall>& call = probe.at_pair[i];
    const Pair& pair = pairs[i];
    if (!call || call->cpu != pair.kernel_cpu) continue;
    enter_gaps.push_back(signed_diff(pair.kernel_tsc, call->enter));
    if (call->exit && pair.kernel_exit()) {
      exit_gaps.push_back(signed_diff(*call->exit, pair.kernel_exit_tsc));
    }
  }
  return CrossCheckGaps{compute_latency_stats(std::move(enter_gaps)),
                        compute_latency_stats(std::move(exit_gaps))};
}

}  // namespace iprobe
