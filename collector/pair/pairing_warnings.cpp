#include "pair/pairing_warnings.hpp"

#include <optional>
#include <string>
#include <vector>

#include "logs/stamp_line.hpp"

namespace iprobe {
namespace {

std::string num(uint64_t value) { return std::to_string(value); }

std::string foreign_ids(const PairingResult& result) {
  std::string ids;
  for (const uint32_t run : result.foreign_runs) {
    if (!ids.empty()) ids += ", ";
    ids += run_hex(run);
  }
  if (result.foreign_runs_truncated) ids += ", ...";
  return ids;
}

void warn_total(const PairingResult& result, std::vector<std::string>& out) {
  if (!result.total) return;
  const LoopTotal& total = *result.total;
  const std::string run = run_hex(result.run);
  if (total.calls != result.counts.expected) {
    out.push_back("the loop's total line reports " + num(total.calls) + " calls but run " + run +
                  " announced " + num(result.counts.expected) + " iterations");
  }
  if (total.errors > 0) {
    out.push_back("the loop reported " + num(total.errors) + " failed ioctl call(s) in run " + run);
  }
  if (total.migrations > 0 || total.cpu_start != total.cpu_end) {
    out.push_back("the loop migrated between CPUs " + num(total.migrations) +
                  " time(s) during run " + run + " (cpu " + num(total.cpu_start) + " at start, " +
                  num(total.cpu_end) + " at end)");
  }
}

// "2 missing_fields, 1 overflow"
std::string reasons(const RunCounts& c) {
  std::string text;
  for (std::size_t i = 0; i < kRejectReasonCount; ++i) {
    if (c.rejected_by_reason[i] == 0) continue;
    if (!text.empty()) text += ", ";
    text += num(c.rejected_by_reason[i]) + " " +
            std::string(reject_reason_name(static_cast<RejectReason>(i)));
  }
  return text;
}

// Order violations of the primary probe, and each extra probe's own losses and violations.
void warn_anatomy(const PairingResult& result, std::vector<std::string>& out) {
  const std::string primary = result.source ? name(*result.source) : "kernel";
  if (result.counts.order_violations > 0) {
    out.push_back(num(result.counts.order_violations) +
                  " call(s) break the order u_before <= " + primary + "_enter <= " + primary +
                  "_exit <= u_after; they were kept as measured");
  }
  for (const ExtraProbe& probe : result.extra_probes) {
    const std::string probe_name = name(probe.source);
    const ProbeCounts& c = probe.counts;
    if (c.lost > 0) {
      out.push_back(num(c.lost) + " of " + num(result.counts.expected) +
                    " expected calls have no " + probe_name + " stamp paired with a user stamp (" +
                    num(c.missing) + " user stamps without one)");
    }
    if (c.order_violations > 0) {
      out.push_back(num(c.order_violations) + " call(s) break the cross-check order of " +
                    probe_name + " around " + primary + "; they were kept as measured");
    }
    if (c.dump_dropped > 0) {
      out.push_back("the " + probe_name + " buffer was full for " + num(c.dump_dropped) +
                    " call(s)");
    }
  }
}

// The first loss of an extra probe, nullopt when they are complete.
std::optional<std::string> extra_probe_violation(const PairingResult& result) {
  for (const ExtraProbe& probe : result.extra_probes) {
    const std::string probe_name = name(probe.source);
    if (probe.counts.lost > 0)
      return num(probe.counts.lost) + " call(s) without a " + probe_name + " stamp";
    if (probe.counts.dump_dropped > 0) {
      return num(probe.counts.dump_dropped) + " " + probe_name +
             " stamp(s) dropped by a full buffer";
    }
    if (probe.counts.dump_incomplete) return "incomplete " + probe_name + " dump";
  }
  return std::nullopt;
}

// Stamps that were lost, rejected or damaged on their way to the logs.
void warn_losses(const PairingResult& result, std::vector<std::string>& out) {
  const RunCounts& c = result.counts;
  if (c.lost > 0) {
    out.push_back(num(c.lost) + " of " + num(c.expected) + " expected calls have no pair (" +
                  num(c.missing_kernel) + " without kernel stamp, " + num(c.missing_user) +
                  " without user stamp, " + num(c.lost - c.missing_kernel - c.missing_user) +
                  " without either)");
  }
  if (c.missing_kernel > 0 && !result.mark_seen) {
    out.push_back("no `ioprobe mark " + run_hex(result.run) +
                  " end` line was found in the kernel logs: the kernel capture may have stopped "
                  "before the probe printed every stamp");
  }
  if (c.rejected > 0) {
    out.push_back(num(c.rejected) + " malformed ioprobe line(s) were rejected (" + reasons(c) +
                  ")");
  }
  if (c.tsc_backwards_user > 0 || c.tsc_backwards_kernel > 0) {
    out.push_back("the TSC went backwards between consecutive seqs " + num(c.tsc_backwards_user) +
                  " time(s) on the user side and " + num(c.tsc_backwards_kernel) +
                  " time(s) on the kernel side (TSC reset, migration or corrupted lines)");
  }
  if (c.printk_dropped > 0) {
    out.push_back("printk reported " + num(c.printk_dropped) +
                  " message(s) dropped or suppressed in the kernel logs: stamps may be missing");
  }
  if (c.duplicate > 0) {
    out.push_back(num(c.duplicate) +
                  " duplicate stamp(s) (same side and seq seen again) were ignored; the first "
                  "stamp of each seq was kept");
  }
}

// Stamps kept as measured, or ignored as not of this run's calls.
void warn_kept_and_ignored(const PairingResult& result, std::vector<std::string>& out) {
  const RunCounts& c = result.counts;
  if (c.negative > 0) {
    out.push_back(num(c.negative) +
                  " pair(s) have a negative delta (kernel stamp before user stamp); they were "
                  "kept as measured");
  }
  if (c.cross_cpu > 0) {
    out.push_back(num(c.cross_cpu) +
                  " pair(s) crossed CPUs: user and kernel stamps were taken on different CPUs; "
                  "TSCs may not be comparable (excluded from the latency statistics)");
  }
  if (c.foreign > 0) {
    out.push_back(num(c.foreign) + " stamp(s) of other runs (" + foreign_ids(result) +
                  ") were ignored");
  }
  if (c.out_of_range > 0) {
    out.push_back(num(c.out_of_range) + " stamp(s) of run " + run_hex(result.run) +
                  " have a seq at or beyond the " + num(c.expected) +
                  " announced iterations and were ignored");
  }
  if (c.wrong_source > 0) {
    out.push_back(num(c.wrong_source) + " kernel stamp(s) of run " + run_hex(result.run) +
                  " came from a different probe than " +
                  (result.source ? name(*result.source) : "the paired one") + " and were ignored");
  }
  if (c.dump_dropped > 0) {
    out.push_back("the kernel buffer was full for " + num(c.dump_dropped) +
                  " STAMP call(s) (dump dropped count): those kernel stamps were never recorded");
  }
  if (result.overlong_lines > 0) {
    out.push_back(num(result.overlong_lines) +
                  " overlong line(s) were skipped (longer than the line cap)");
  }
  if (c.expected > 0 && c.paired == 0) {
    out.push_back("no call of run " + run_hex(result.run) + " could be paired");
  }
}

}  // namespace

std::optional<std::string> strict_violation(const PairingResult& result) {
  const RunCounts& c = result.counts;
  const std::string run = run_hex(result.run);
  if (c.rejected > 0) return num(c.rejected) + " rejected line(s): " + reasons(c);
  if (c.lost > 0) {
    return num(c.lost) + " of " + num(c.expected) + " calls of run " + run + " unpaired (" +
           num(c.missing_kernel) + " without kernel stamp, " + num(c.missing_user) +
           " without user stamp)";
  }
  if (c.duplicate > 0) return num(c.duplicate) + " duplicate stamp(s)";
  if (c.out_of_range > 0) return num(c.out_of_range) + " stamp(s) with seq outside [0, N)";
  if (c.wrong_source > 0) return num(c.wrong_source) + " kernel stamp(s) from the other probe";
  if (c.log_lost_records > 0) return num(c.log_lost_records) + " /dev/kmsg record(s) lost";
  if (c.log_seq_restarts > 0) {
    return "/dev/kmsg sequence went backwards " + num(c.log_seq_restarts) + " time(s)";
  }
  if (c.printk_dropped > 0) return num(c.printk_dropped) + " printk message(s) dropped";
  if (c.dump_dropped > 0) return num(c.dump_dropped) + " stamp(s) dropped by a full buffer";
  if (c.dump_incomplete) return std::string("incomplete kernel dump");
  if (std::optional<std::string> extra = extra_probe_violation(result)) return extra;
  if (c.tsc_backwards_user > 0 || c.tsc_backwards_kernel > 0) {
    return "TSC went backwards (" + num(c.tsc_backwards_user) + " user, " +
           num(c.tsc_backwards_kernel) + " kernel)";
  }
  if (result.overlong_lines > 0) return num(result.overlong_lines) + " overlong line(s)";
  return std::nullopt;
}

void append_count_warnings(PairingResult& result) {
  std::vector<std::string>& out = result.warnings;
  warn_losses(result, out);
  warn_kept_and_ignored(result, out);
  warn_total(result, out);
  warn_anatomy(result, out);
}

}  // namespace iprobe
