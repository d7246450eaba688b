// The per-seq slots of a run while its logs are read, and their compaction into the pairs once
// both sides are read. The user side and the kernel side are read in two threads: each takes a
// seq's slot once and writes only its own members of it (user_* or kernel_*); which side took a
// seq, and whether its stamp had the format-2 exit stamp, is kept in per-side flags until the
// compaction sets Pair::exit_stamps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "pair/extra_probe_slots.hpp"
#include "util/types.hpp"

namespace iprobe {

class PairSlots {
 public:
  enum class Side { kUser, kKernel };

  // Slots for seqs 0..n-1, none taken.
  void reset(std::size_t n);

  // seq's slot (seq < n) for one side, now taken, with or without its exit stamp; nullptr when
  // that side had already taken it (a duplicate: the first stamp is kept).
  Pair* claim(Side side, uint32_t seq, bool has_exit);

  // The pairs of the seqs both sides took, in seq order, compacted in place (the slots are
  // spent). Counts user_stamps, kernel_stamps, missing_kernel, missing_user, tsc_backwards_*,
  // negative, cross_cpu, order_violations, paired and lost; every extra probe visits every seq.
  std::vector<Pair> compact(RunCounts& counts, std::span<ExtraProbeSlots> extras);

 private:
  std::vector<Pair> slots_;
  std::vector<uint8_t> user_flags_;
  std::vector<uint8_t> kernel_flags_;
};

}  // namespace iprobe
