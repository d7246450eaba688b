#include "pair/extra_probe_slots.hpp"

#include <optional>
#include <utility>

#include "pair/anatomy.hpp"

namespace iprobe {

ExtraProbeSlots::ExtraProbeSlots(Probe source, Probe primary, std::size_t n)
    : primary_(primary), slots_(n), taken_(n, false) {
  probe_.source = source;
}

bool ExtraProbeSlots::add(const KernelStamp& stamp) {
  if (taken_[stamp.seq]) {
    ++probe_.counts.duplicate;
    return false;
  }
  taken_[stamp.seq] = true;
  slots_[stamp.seq] = ProbeCall{stamp.cpu, stamp.tsc, stamp.tsc_exit};
  return true;
}

void ExtraProbeSlots::visit(std::size_t seq, bool has_user, const Pair* pair) {
  ProbeCounts& counts = probe_.counts;
  const bool has_stamp = taken_[seq];
  if (has_stamp) ++counts.kernel_stamps;
  if (has_user && has_stamp) ++counts.paired;
  if (has_user && !has_stamp) ++counts.missing;
  if (!has_user && has_stamp) ++counts.missing_user;
  if (pair == nullptr) return;
  if (!has_stamp) {
    probe_.at_pair.emplace_back(std::nullopt);
    return;
  }
  const ProbeCall& call = slots_[seq];
  if (cross_check_chain_holds(*pair, primary_, probe_.source, call) == false) {
    ++counts.order_violations;
  }
  probe_.at_pair.emplace_back(call);
}

ExtraProbe ExtraProbeSlots::finish(uint64_t expected, uint64_t dump_dropped, bool dump_incomplete) {
  probe_.counts.lost = expected - probe_.counts.paired;
  probe_.counts.dump_dropped = dump_dropped;
  probe_.counts.dump_incomplete = dump_incomplete;
  slots_ = {};
  taken_ = {};
  return std::move(probe_);
}

}  // namespace iprobe
