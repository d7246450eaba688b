#include "pair/side_tally.hpp"

#include <algorithm>
#include <cstdint>

namespace iprobe {
namespace {

bool holds(const std::vector<uint32_t>& runs, uint32_t run) {
  return std::find(runs.begin(), runs.end(), run) != runs.end();
}

uint64_t saturating_add(uint64_t a, uint64_t b) { return b > UINT64_MAX - a ? UINT64_MAX : a + b; }

void add_counts(const RunCounts& side, RunCounts& out) {
  out.foreign += side.foreign;
  out.warmup += side.warmup;
  out.out_of_range += side.out_of_range;
  out.duplicate += side.duplicate;
  out.wrong_source += side.wrong_source;
  out.rejected += side.rejected;
  for (std::size_t i = 0; i < kRejectReasonCount; ++i) {
    out.rejected_by_reason[i] += side.rejected_by_reason[i];
  }
  out.printk_dropped = saturating_add(out.printk_dropped, side.printk_dropped);
  out.log_lost_records += side.log_lost_records;
  out.log_seq_restarts += side.log_seq_restarts;
}

}  // namespace

void SideTally::foreign(uint32_t run) {
  ++counts.foreign;
  if (last_foreign_ == run) return;  // runs of one foreign id: the common case
  last_foreign_ = run;
  if (holds(foreign_runs_, run)) return;
  if (foreign_runs_.size() >= max_foreign_runs_) {
    more_foreign_runs_ = true;
    return;
  }
  foreign_runs_.push_back(run);
}

void SideTally::merge(const SideTally& user, const SideTally& kernel, PairingResult& result) {
  for (const SideTally* side : {&user, &kernel}) {
    add_counts(side->counts, result.counts);
    result.warnings.insert(result.warnings.end(), side->warnings.begin(), side->warnings.end());
    result.log_formats.insert(result.log_formats.end(), side->log_formats.begin(),
                              side->log_formats.end());
    result.overlong_lines += side->overlong_lines;
  }
  // The first max distinct ids of both sides' stamps in reading order: the user side's first
  // (at most max), then the kernel side's new ones. A side's own first max distinct ids are
  // enough: the kernel side's can only add what the user side's did not fill.
  std::vector<uint32_t> runs = user.foreign_runs_;
  bool truncated = user.more_foreign_runs_ || kernel.more_foreign_runs_;
  for (const uint32_t run : kernel.foreign_runs_) {
    if (holds(runs, run)) continue;
    if (runs.size() >= user.max_foreign_runs_) {
      truncated = true;
      break;
    }
    runs.push_back(run);
  }
  std::sort(runs.begin(), runs.end());
  result.foreign_runs = std::move(runs);
  result.foreign_runs_truncated = truncated;
}

}  // namespace iprobe
