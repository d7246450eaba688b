#include "pair/pairing.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <exception>
#include <future>
#include <stdexcept>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <variant>

#include "ioctl_probe/ioctl_probe.h"
#include "logs/kmsg_record.hpp"
#include "logs/log_format.hpp"
#include "logs/log_lines.hpp"
#include "logs/log_record.hpp"
#include "logs/stamp_line.hpp"
#include "pair/anatomy.hpp"
#include "pair/dump_audit.hpp"
#include "pair/extra_probe_slots.hpp"
#include "pair/pair_slots.hpp"
#include "pair/pairing_warnings.hpp"
#include "pair/run_choice.hpp"
#include "pair/side_tally.hpp"

namespace iprobe {
namespace {

void check_opens(const LogSource& log, std::string_view role) {
  if (!log.rereadable) return;  // opening a FIFO just to close it would cut off its writer
  try {
    log.open();
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(role) + " log '" + log.name + "': " + e.what());
  }
}

std::optional<Probe> source_of_cmd(uint32_t cmd) {
  if (cmd == static_cast<uint32_t>(IOPROBE_PATCH_STAMP)) return Probe::kPatch;
  if (cmd == static_cast<uint32_t>(IOPROBE_MOD_STAMP)) return Probe::kModule;
  if (cmd == static_cast<uint32_t>(IOPROBE_HX_STAMP)) return Probe::kHermitux;
  if (cmd == static_cast<uint32_t>(IOPROBE_TRACE_STAMP)) return Probe::kTracepoint;
  return std::nullopt;
}

class Pairer {
 public:
  Pairer(std::span<const LogSource> user_logs, std::span<const LogSource> kernel_logs,
         const PairingOptions& options)
      : user_logs_(user_logs), kernel_logs_(kernel_logs), options_(options) {
    for (const LogSource& log : user_logs) user_names_.insert(log.name);
    for (const LogSource& log : kernel_logs) kernel_names_.insert(log.name);
  }

  PairingResult run() {
    // Every log must open before any is judged: a missing file is the error to report.
    for (const LogSource& log : user_logs_) check_opens(log, "user");
    for (const LogSource& log : kernel_logs_) check_opens(log, "kernel");
    for (const LogSource& log : user_logs_) {
      if (!log.rereadable) {
        throw std::runtime_error("user log '" + log.name +
                                 "' is a pipe or FIFO: user logs are read twice; save it to a "
                                 "file first");
      }
    }
    SideTally user(options_.max_foreign_runs);
    SideTally kernel(options_.max_foreign_runs);
    read_both_sides(user, kernel);
    SideTally::merge(user, kernel, result_);
    finish();
    return std::move(result_);
  }

 private:
  enum class Bucket { kForeign, kWarmup, kOutOfRange, kSlot };

  // Forced format for kernel logs (and logs that are both); user logs are always detected.
  LogFormat format_of(const LogSource& log) const {
    return kernel_names_.contains(log.name) ? options_.kernel_format : LogFormat::kAuto;
  }

  // The user logs (the choice of the run, then their stamps) in a thread of their own while
  // this one reads the kernel logs: on two cores the user side's time is hidden. Each side writes
  // only its own tally, flags and slot members; the kernel side holds the records that need the
  // run until it is chosen (hold_until_chosen). A user log's error wins, as when the user logs
  // were read first.
  void read_both_sides(SideTally& user, SideTally& kernel) {
    std::promise<void> chosen;
    run_chosen_ = chosen.get_future();
    std::future<void> user_side = std::async(std::launch::async, [this, &user, &chosen] {
      try {
        adopt(choose_run(user_logs_, options_,
                         [this](const LogSource& log) { return format_of(log); }));
      } catch (...) {
        chosen.set_exception(std::current_exception());
        throw;
      }
      chosen.set_value();
      for (const LogSource& log : user_logs_) read_user_stamps(log, user);
    });
    std::exception_ptr kernel_error;
    try {
      for (const LogSource& log : kernel_logs_) read_kernel_log(log, kernel);
      release_held(kernel);
    } catch (...) {
      kernel_error = std::current_exception();
    }
    user_side.get();
    if (kernel_error) std::rethrow_exception(kernel_error);
  }

  // The kernel records that need the chosen run (stamps, end marks) arriving while the user
  // thread still chooses it: held in order (at most kMaxHeld, then the kernel side waits) and
  // handed on in order once it is chosen, so that the outcome is that of reading one after the
  // other.
  using HeldRecord = std::variant<KernelStamp, MarkLine>;
  static constexpr std::size_t kMaxHeld = std::size_t{1} << 16;

  // Whether the record was held: the run is not chosen yet.
  bool hold_until_chosen(SideTally& tally, const HeldRecord& record) {
    if (run_known_) return false;
    held_.push_back(record);
    const bool ready = run_chosen_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    if (ready || held_.size() >= kMaxHeld) release_held(tally);
    return true;
  }

  // Waits for the run (throws the choice's error) and hands the held records on.
  void release_held(SideTally& tally) {
    if (run_known_) return;
    run_chosen_.get();
    run_known_ = true;
    for (const HeldRecord& record : held_) {
      if (const auto* stamp = std::get_if<KernelStamp>(&record)) {
        add_kernel(tally, *stamp);
      } else {
        on_mark(std::get<MarkLine>(record));
      }
    }
    held_ = {};
  }

  void on_kernel_stamp(SideTally& tally, const KernelStamp& stamp) {
    dumps_.stamp_line();
    if (!hold_until_chosen(tally, stamp)) add_kernel(tally, stamp);
  }

  void on_mark(const MarkLine& mark) {
    if (mark.run == result_.run) mark_seen_ = true;
  }

  void adopt(ChosenRun chosen) {
    result_.header = std::move(chosen.header);
    result_.run = result_.header.run;
    result_.floor = chosen.floor;
    result_.total = chosen.total;
    for (std::string& warning : chosen.warnings) warn(std::move(warning));
    const uint64_t n = result_.header.iterations;
    result_.counts.expected = n;
    choose_sources(n);
    slots_.reset(n);
  }

  // The primary probe (requested, else from the loop's cmd, else the first stamp seen) and the
  // extra probes named after it.
  void choose_sources(std::size_t n) {
    const std::optional<Probe> from_cmd = source_of_cmd(result_.header.cmd);
    const std::optional<Probe> requested =
        options_.sources.empty() ? std::nullopt : std::optional<Probe>(options_.sources.front());
    source_ = requested ? requested : from_cmd;
    // tracepoint,patch: the patch answers the calls, the tracepoints are primary: no conflict.
    const bool cmd_requested =
        std::find(options_.sources.begin(), options_.sources.end(),
                  from_cmd.value_or(Probe::kPatch)) != options_.sources.end();
    if (requested && from_cmd && !cmd_requested) {
      warn(std::string("the requested kernel source '") + name(*requested) +
           "' differs from the one the loop's cmd selects ('" + name(*from_cmd) +
           "'); kernel stamps were matched against the requested source");
    }
    source_given_ = source_.has_value();
    for (const Probe source : options_.sources) {
      if (source == *source_ || extra_of(source) != nullptr) continue;  // named twice
      extras_.emplace_back(source, *source_, n);
    }
  }

  ExtraProbeSlots* extra_of(Probe source) {
    for (ExtraProbeSlots& extra : extras_) {
      if (extra.source() == source) return &extra;
    }
    return nullptr;
  }

  // The bucket of a stamp, counted in the side's tally. Reads only what adopt() fixed.
  Bucket classify(SideTally& tally, uint32_t run, uint32_t seq) const {
    if (run != result_.run) {
      tally.foreign(run);
      return Bucket::kForeign;
    }
    return classify_seq(tally, seq);
  }

  Bucket classify_seq(SideTally& tally, uint32_t seq) const {
    if ((seq & IOPROBE_SEQ_WARMUP) != 0) {
      ++tally.counts.warmup;
      return Bucket::kWarmup;
    }
    if (seq >= result_.counts.expected) {
      ++tally.counts.out_of_range;
      return Bucket::kOutOfRange;
    }
    return Bucket::kSlot;
  }

  // seq's slot for one side; nullptr for a duplicate (counted: the first stamp is kept).
  Pair* claim_slot(SideTally& tally, PairSlots::Side side, uint32_t seq, bool has_exit) {
    Pair* slot = slots_.claim(side, seq, has_exit);
    if (slot == nullptr) ++tally.counts.duplicate;
    return slot;
  }

  void add_user(SideTally& tally, const UserStamp& stamp) {
    if (classify(tally, stamp.run, stamp.seq) != Bucket::kSlot) return;
    if (Pair* slot =
            claim_slot(tally, PairSlots::Side::kUser, stamp.seq, stamp.tsc_after.has_value())) {
      slot->user_cpu = stamp.cpu;
      slot->user_tsc = stamp.tsc;
      slot->user_after_tsc = stamp.tsc_after.value_or(0);
    }
  }

  void add_kernel(SideTally& tally, const KernelStamp& stamp) {
    if (stamp.run != result_.run) {
      classify(tally, stamp.run, stamp.seq);
      return;
    }
    if (!source_) source_ = stamp.source;  // first kernel stamp of this run decides
    if (stamp.source != *source_) {
      add_extra(tally, stamp);
      return;
    }
    if (classify_seq(tally, stamp.seq) != Bucket::kSlot) return;
    if (Pair* slot =
            claim_slot(tally, PairSlots::Side::kKernel, stamp.seq, stamp.tsc_exit.has_value())) {
      slot->kernel_cpu = stamp.cpu;
      slot->kernel_tsc = stamp.tsc;
      slot->kernel_exit_tsc = stamp.tsc_exit.value_or(0);
    }
  }

  // A stamp of this run from another probe than the primary one: an extra probe's, or the
  // wrong source.
  void add_extra(SideTally& tally, const KernelStamp& stamp) {
    ExtraProbeSlots* extra = extra_of(stamp.source);
    if (extra == nullptr) {
      ++tally.counts.wrong_source;
      return;
    }
    if (classify_seq(tally, stamp.seq) != Bucket::kSlot) return;
    if (!extra->add(stamp)) ++tally.counts.duplicate;
  }

  void read_user_stamps(const LogSource& log, SideTally& tally) {
    // A log that is also a kernel log gets its malformed lines counted by the kernel pass.
    const bool also_kernel = kernel_names_.contains(log.name);
    uint64_t kernel_lines = 0;
    const LogScan scan =
        for_each_log_line(log, "user", options_.max_line, format_of(log),
                          [&](const Line& line, const LogLine& split, LogFormat format) {
                            UserStamp plain;
                            if (read_plain_user_record(line, split, plain)) {
                              add_user(tally, plain);
                              return;
                            }
                            const ParsedLine parsed = read_log_record(format, line, split);
                            if (const auto* stamp = std::get_if<UserStamp>(&parsed)) {
                              add_user(tally, *stamp);
                            } else if (const auto* bad = std::get_if<Malformed>(&parsed)) {
                              if (!also_kernel) tally.reject(bad->code);
                            } else if (std::holds_alternative<KernelStamp>(parsed)) {
                              ++kernel_lines;
                            }
                          });
    if (!also_kernel) {
      tally.overlong_lines += scan.overlong;
      tally.log_formats.push_back(LogFormatUsed{log.name, "user", scan.format});
    }
    if (kernel_lines > 0 && !also_kernel) {
      tally.warnings.push_back(
          "user log '" + log.name + "' holds " + std::to_string(kernel_lines) +
          " kernel stamp line(s) that were ignored; pass it as a kernel log too to pair them");
    }
  }

  // One kernel log's record: a stamp, a rejected line, dump framing, the end mark.
  void on_kernel_record(const ParsedLine& parsed, SideTally& tally, uint64_t& user_lines) {
    if (const auto* stamp = std::get_if<KernelStamp>(&parsed)) {
      on_kernel_stamp(tally, *stamp);
    } else if (const auto* bad = std::get_if<Malformed>(&parsed)) {
      tally.reject(bad->code);
      if (bad->kind == LineKind::kKernel) dumps_.stamp_line();
    } else if (const auto* begin = std::get_if<DumpBegin>(&parsed)) {
      dumps_.begin(*begin);
    } else if (const auto* end = std::get_if<DumpEnd>(&parsed)) {
      dumps_.end(*end);
    } else if (const auto* mark = std::get_if<MarkLine>(&parsed)) {
      if (!hold_until_chosen(tally, *mark)) on_mark(*mark);
    } else {
      ++user_lines;  // user-side records: the user pass handles them
    }
  }

  // A foreign kernel message: printk's own loss markers are summed.
  void on_foreign_message(const LogLine& split, SideTally& tally) {
    if (split.kind != LogLine::Kind::kMessage) return;
    const uint64_t lost = printk_loss_marker(split.message);
    uint64_t& dropped = tally.counts.printk_dropped;
    dropped = lost > UINT64_MAX - dropped ? UINT64_MAX : dropped + lost;
  }

  void read_kernel_log(const LogSource& log, SideTally& tally) {
    KmsgSeqAudit audit;
    uint64_t user_lines = 0;
    dumps_.start_log(log.name);
    const LogScan scan =
        for_each_log_line(log, "kernel", options_.max_line, format_of(log),
                          [&](const Line& line, const LogLine& split, LogFormat format) {
                            if (split.kmsg_seq) audit.observe(*split.kmsg_seq);
                            KernelStamp plain;
                            if (read_plain_kernel_record(line, split, plain)) {
                              on_kernel_stamp(tally, plain);
                              return;
                            }
                            const ParsedLine parsed = read_log_record(format, line, split);
                            if (std::holds_alternative<NoTag>(parsed)) {
                              on_foreign_message(split, tally);
                            } else {
                              on_kernel_record(parsed, tally, user_lines);
                            }
                          });
    dumps_.end_log();
    tally.overlong_lines += scan.overlong;
    tally.log_formats.push_back(LogFormatUsed{log.name, "kernel", scan.format});
    warn_kernel_log(log, audit, user_lines, tally);
  }

  void warn_kernel_log(const LogSource& log, const KmsgSeqAudit& audit, uint64_t user_lines,
                       SideTally& tally) {
    const std::string where = " in kernel log '" + log.name + "'";
    tally.counts.log_lost_records += audit.lost();
    tally.counts.log_seq_restarts += audit.restarts();
    std::vector<std::string>& warnings = tally.warnings;
    if (audit.lost() > 0) {
      warnings.push_back(
          std::to_string(audit.lost()) + " /dev/kmsg record(s) were lost" + where +
          " (sequence gaps: the kernel ring buffer was overwritten before it was read)");
    }
    if (audit.restarts() > 0) {
      warnings.push_back("the /dev/kmsg sequence number went backwards " +
                         std::to_string(audit.restarts()) + " time(s)" + where +
                         " (concatenated captures or a reboot); gaps were only counted "
                         "within increasing stretches");
    }
    if (user_lines > 0 && !user_names_.contains(log.name)) {
      warnings.push_back(
          "kernel log '" + log.name + "' holds " + std::to_string(user_lines) +
          " user-side line(s) (run/floor/u/total) that were ignored; pass it as a user log to "
          "use them");
    }
  }

  void finish() {
    result_.mark_seen = mark_seen_;
    result_.source = source_;
    if (source_) result_.probes.push_back(*source_);
    for (const ExtraProbeSlots& extra : extras_) result_.probes.push_back(extra.source());
    dumps_.report(result_.probes, result_.counts, result_.warnings);
    result_.pairs = slots_.compact(result_.counts, extras_);
    for (ExtraProbeSlots& extra : extras_) {
      const Probe source = extra.source();
      result_.extra_probes.push_back(
          extra.finish(result_.counts.expected, dumps_.dropped(source), dumps_.incomplete(source)));
    }
    if (!source_given_ && source_) {
      warn("the kernel source was neither requested nor implied by the loop's cmd; stamps from '" +
           name(*source_) + "' (the first seen) were paired");
    }
    append_count_warnings(result_);
  }

  void warn(std::string message) { result_.warnings.push_back(std::move(message)); }

  std::span<const LogSource> user_logs_;
  std::span<const LogSource> kernel_logs_;
  const PairingOptions& options_;
  std::unordered_set<std::string> user_names_;
  std::unordered_set<std::string> kernel_names_;
  PairingResult result_;
  std::optional<Probe> source_;
  bool source_given_ = false;
  PairSlots slots_;
  std::vector<ExtraProbeSlots> extras_;
  bool mark_seen_ = false;
  std::future<void> run_chosen_;  // ready once adopt() has run (in the user thread)
  bool run_known_ = false;        // the kernel side has seen run_chosen_ ready
  std::vector<HeldRecord> held_;
  DumpAudit dumps_;
};

}  // namespace

PairingResult pair_logs(std::span<const LogSource> user_logs,
                        std::span<const LogSource> kernel_logs, const PairingOptions& options) {
  return Pairer(user_logs, kernel_logs, options).run();
}

PairingResult pair_files(const std::vector<std::filesystem::path>& user_logs,
                         const std::vector<std::filesystem::path>& kernel_logs,
                         const PairingOptions& options) {
  std::vector<LogSource> users;
  std::vector<LogSource> kernels;
  users.reserve(user_logs.size());
  kernels.reserve(kernel_logs.size());
  for (const auto& path : user_logs) users.push_back(LogSource::file(path));
  for (const auto& path : kernel_logs) kernels.push_back(LogSource::file(path));
  return pair_logs(users, kernels, options);
}

}  // namespace iprobe
