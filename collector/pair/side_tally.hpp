// What one side of the pairing counts while it reads its logs. The user logs and the kernel logs
// are read at the same time, in two threads; each side keeps its own tally, and the two are
// merged once both are read, in the order the sides would have been read one after the other
// (user logs first): the counts add up, the warnings and log forms keep their order, and the
// foreign run ids kept are the first distinct ones seen.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pair/pairing.hpp"
#include "util/types.hpp"

namespace iprobe {

class SideTally {
 public:
  explicit SideTally(std::size_t max_foreign_runs) : max_foreign_runs_(max_foreign_runs) {}

  // Stamp buckets (foreign, warmup, out_of_range, duplicate, wrong_source), rejected lines and
  // the log audits (printk_dropped, log_lost_records, log_seq_restarts) of this side.
  RunCounts counts;
  std::vector<std::string> warnings;
  std::vector<LogFormatUsed> log_formats;
  uint64_t overlong_lines = 0;

  void reject(RejectReason reason) {
    ++counts.rejected;
    ++counts.rejected_by_reason[static_cast<std::size_t>(reason)];
  }

  // A stamp of another run.
  void foreign(uint32_t run);

  // Adds the user side's tally, then the kernel side's, to result.
  static void merge(const SideTally& user, const SideTally& kernel, PairingResult& result);

 private:
  std::size_t max_foreign_runs_;
  std::vector<uint32_t> foreign_runs_;  // distinct, first-seen order, at most max_foreign_runs_
  bool more_foreign_runs_ = false;      // more distinct ids were seen
  std::optional<uint32_t> last_foreign_;
};

}  // namespace iprobe
