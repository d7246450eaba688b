#include "pair/pair_slots.hpp"

#include <utility>

#include "pair/anatomy.hpp"

namespace iprobe {
namespace {

constexpr uint8_t kTaken = 1;
constexpr uint8_t kHasExit = 2;

// Within a run the stamps of increasing seqs are taken one after another: a smaller TSC than
// the previous present seq's on the same side means a TSC reset, a migration or a corrupted line.
class BackwardsCount {
 public:
  void see(uint64_t tsc, uint64_t& backwards) {
    if (last_ && tsc < *last_) ++backwards;
    last_ = tsc;
  }

 private:
  std::optional<uint64_t> last_;
};

}  // namespace

void PairSlots::reset(std::size_t n) {
  slots_.assign(n, Pair{});
  user_flags_.assign(n, 0);
  kernel_flags_.assign(n, 0);
}

Pair* PairSlots::claim(Side side, uint32_t seq, bool has_exit) {
  uint8_t& flags = (side == Side::kUser ? user_flags_ : kernel_flags_)[seq];
  if ((flags & kTaken) != 0) return nullptr;
  flags = has_exit ? kTaken | kHasExit : kTaken;
  return &slots_[seq];
}

std::vector<Pair> PairSlots::compact(RunCounts& counts, std::span<ExtraProbeSlots> extras) {
  BackwardsCount user_order;
  BackwardsCount kernel_order;
  std::size_t out = 0;
  for (std::size_t seq = 0; seq < slots_.size(); ++seq) {
    const uint8_t user = user_flags_[seq];
    const uint8_t kernel = kernel_flags_[seq];
    const bool has_user = (user & kTaken) != 0;
    const bool has_kernel = (kernel & kTaken) != 0;
    Pair pair = slots_[seq];
    if (has_user) {
      user_order.see(pair.user_tsc, counts.tsc_backwards_user);
      ++counts.user_stamps;
    }
    if (has_kernel) {
      kernel_order.see(pair.kernel_tsc, counts.tsc_backwards_kernel);
      ++counts.kernel_stamps;
    }
    if (has_user != has_kernel) ++(has_user ? counts.missing_kernel : counts.missing_user);
    if (!has_user || !has_kernel) {
      for (ExtraProbeSlots& extra : extras) extra.visit(seq, has_user, nullptr);
      continue;
    }
    pair.seq = static_cast<uint32_t>(seq);
    pair.exit_stamps = static_cast<uint8_t>(((user & kHasExit) != 0 ? Pair::kUserAfter : 0) |
                                            ((kernel & kHasExit) != 0 ? Pair::kKernelExit : 0));
    if (pair.delta() < 0) ++counts.negative;
    if (pair.user_cpu != pair.kernel_cpu) ++counts.cross_cpu;
    const std::optional<CallAnatomy> anatomy = call_anatomy(pair);
    if (anatomy && !in_order(*anatomy)) ++counts.order_violations;
    for (ExtraProbeSlots& extra : extras) extra.visit(seq, has_user, &pair);
    slots_[out++] = pair;
  }
  slots_.resize(out);  // the capacity stays: shrinking would copy every pair
  counts.paired = out;
  counts.lost = counts.expected - counts.paired;
  user_flags_ = {};
  kernel_flags_ = {};
  return std::move(slots_);
}

}  // namespace iprobe
