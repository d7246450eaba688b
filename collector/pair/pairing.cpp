#include "pair/pairing.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <stdexcept>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <variant>

#include "ioctl_probe/ioctl_probe.h"
#include "logs/kmsg_record.hpp"
#include "logs/log_format.hpp"
#include "logs/stamp_line.hpp"
#include "pair/anatomy.hpp"
#include "pair/extra_probe_slots.hpp"
#include "pair/pairing_warnings.hpp"

namespace iprobe {
namespace {

constexpr uint8_t kHasUser = 1;
constexpr uint8_t kHasKernel = 2;

struct LogScan {
  LogFormat format = LogFormat::kDmesg;
  uint64_t overlong = 0;
};

// Streams the lines of one log to on_line(line, split) in its format (detected from its first
// bytes unless forced); open and read failures become one-line errors naming the log and the
// line number.
template <typename OnLine>
LogScan for_each_line(const LogSource& log, std::string_view role, std::size_t max_line,
                      LogFormat forced, OnLine&& on_line) {
  uint64_t line_number = 0;
  try {
    const std::unique_ptr<std::istream> stream = log.open();
    LineReader reader(*stream, max_line);
    LogScan scan;
    scan.format = forced != LogFormat::kAuto ? forced : detect_format(reader.peek(kDetectBytes));
    while (const std::optional<Line> line = reader.next()) {
      line_number = reader.lines();
      on_line(*line, split_log_line(scan.format, line->text), scan.format);
    }
    scan.overlong = reader.overlong();
    return scan;
  } catch (const std::exception& e) {
    std::string where = std::string(role) + " log '" + log.name + "'";
    if (line_number > 0) where += " line " + std::to_string(line_number);
    throw std::runtime_error(where + ": " + e.what());
  }
}

LineKind kind_of(const ParsedLine& parsed) {
  if (const auto* bad = std::get_if<Malformed>(&parsed)) return bad->kind;
  if (std::holds_alternative<KernelStamp>(parsed)) return LineKind::kKernel;
  if (std::holds_alternative<UserStamp>(parsed)) return LineKind::kUser;
  if (std::holds_alternative<RunHeader>(parsed)) return LineKind::kRun;
  if (std::holds_alternative<TscFloor>(parsed)) return LineKind::kFloor;
  if (std::holds_alternative<LoopTotal>(parsed)) return LineKind::kTotal;
  if (std::holds_alternative<DumpBegin>(parsed)) return LineKind::kDumpBegin;
  if (std::holds_alternative<DumpEnd>(parsed)) return LineKind::kDumpEnd;
  if (std::holds_alternative<MarkLine>(parsed)) return LineKind::kMark;
  return LineKind::kUnknown;
}

Malformed rejected_as(const ParsedLine& parsed, RejectReason code) {
  return Malformed{kind_of(parsed), reject_reason_text(code), code};
}

// The record a line of a log in `format` holds: NoTag for foreign lines, Malformed with its
// reason for tagged lines that cannot be trusted.
ParsedLine read_record(LogFormat format, const Line& line, const LogLine& split) {
  constexpr std::string_view kTag = "ioprobe ";
  if (split.kind == LogLine::Kind::kContinuation) return NoTag{};
  std::optional<std::string_view> text;
  if (split.kind == LogLine::Kind::kNoHeader) {
    text = find_tagged_text(split.message);
    if (!text) return NoTag{};
    return rejected_as(parse_tagged_text(*text), RejectReason::kNoRecordHeader);
  }
  if (tag_must_lead(format)) {
    if (split.message.starts_with(kTag)) {
      text = split.message.substr(kTag.size());
      while (!text->empty() && text->back() == '\r') text->remove_suffix(1);
    } else if (const auto embedded = find_tagged_text(split.message)) {
      const ParsedLine parsed = parse_tagged_text(*embedded);
      // Garbage before the tag (serial NULs in a dmesg file) is the better diagnosis.
      const auto after_tag = static_cast<std::size_t>(embedded->data() - split.message.data());
      const std::string_view before = split.message.substr(0, after_tag - kTag.size());
      const std::optional<RejectReason> bytes = byte_problem(before);
      return rejected_as(parsed, bytes ? *bytes : RejectReason::kEmbeddedTag);
    } else {
      return NoTag{};
    }
  } else {
    text = find_tagged_text(split.message);
    if (!text) return NoTag{};
  }
  ParsedLine parsed = parse_tagged_text(*text);
  if (line.overlong) return rejected_as(parsed, RejectReason::kOverlong);
  if (line.unterminated && !std::holds_alternative<Malformed>(parsed)) {
    return rejected_as(parsed, RejectReason::kTruncated);
  }
  return parsed;
}

void check_opens(const LogSource& log, std::string_view role) {
  if (!log.rereadable) return;  // opening a FIFO just to close it would cut off its writer
  try {
    log.open();
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(role) + " log '" + log.name + "': " + e.what());
  }
}

std::string list_names(std::span<const LogSource> logs) {
  std::string names;
  for (const LogSource& log : logs) {
    if (!names.empty()) names += ", ";
    names += "'" + log.name + "'";
  }
  return names;
}

std::optional<Probe> source_of_cmd(uint32_t cmd) {
  if (cmd == static_cast<uint32_t>(IOPROBE_PATCH_STAMP)) return Probe::kPatch;
  if (cmd == static_cast<uint32_t>(IOPROBE_MOD_STAMP)) return Probe::kModule;
  if (cmd == static_cast<uint32_t>(IOPROBE_HX_STAMP)) return Probe::kHermitux;
  if (cmd == static_cast<uint32_t>(IOPROBE_TRACE_STAMP)) return Probe::kTracepoint;
  return std::nullopt;
}

std::size_t source_index(Probe source) { return static_cast<std::size_t>(source); }
constexpr std::size_t kSources = kProbeCount;

// Run headers, floors and totals of the user logs (first pass).
struct HeaderEntry {
  RunHeader header;
  std::optional<TscFloor> floor;
};

struct UserScan {
  std::vector<HeaderEntry> headers;
  std::vector<LoopTotal> totals;
  uint64_t malformed_headers = 0;
};

template <typename FormatOf>
UserScan scan_user_headers(std::span<const LogSource> user_logs, std::size_t max_line,
                           FormatOf&& format_of) {
  UserScan scan;
  for (const LogSource& log : user_logs) {
    std::optional<std::size_t> current;  // header the next floor line belongs to
    for_each_line(log, "user", max_line, format_of(log),
                  [&](const Line& line, const LogLine& split, LogFormat format) {
                    if (line.overlong) return;
                    // Skip the user stamps (nearly every line) without parsing their fields.
                    const std::string_view message = split.message;
                    if (message.starts_with("ioprobe u ") ||
                        message.find("ioprobe ") == std::string_view::npos) {
                      return;
                    }
                    const ParsedLine parsed = read_record(format, line, split);
                    if (const auto* header = std::get_if<RunHeader>(&parsed)) {
                      scan.headers.push_back(HeaderEntry{*header, std::nullopt});
                      current = scan.headers.size() - 1;
                    } else if (const auto* floor = std::get_if<TscFloor>(&parsed)) {
                      if (current) scan.headers[*current].floor = *floor;
                    } else if (const auto* total = std::get_if<LoopTotal>(&parsed)) {
                      scan.totals.push_back(*total);
                    } else if (const auto* bad = std::get_if<Malformed>(&parsed)) {
                      if (bad->kind == LineKind::kRun) ++scan.malformed_headers;
                    }
                  });
  }
  return scan;
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
    choose_run(scan_user_headers(user_logs_, options_.max_line,
                                 [this](const LogSource& log) { return format_of(log); }));
    for (const LogSource& log : user_logs_) read_user_stamps(log);
    for (const LogSource& log : kernel_logs_) read_kernel_log(log);
    finish();
    return std::move(result_);
  }

 private:
  enum class Bucket { kForeign, kWarmup, kOutOfRange, kSlot };

  // Forced format for kernel logs (and logs that are both); user logs are always detected.
  LogFormat format_of(const LogSource& log) const {
    return kernel_names_.contains(log.name) ? options_.kernel_format : LogFormat::kAuto;
  }

  void reject(RejectReason reason) {
    ++result_.counts.rejected;
    ++result_.counts.rejected_by_reason[static_cast<std::size_t>(reason)];
  }

  void note_format(const LogSource& log, std::string_view role, LogFormat format) {
    result_.log_formats.push_back(LogFormatUsed{log.name, std::string(role), format});
  }

  void choose_run(const UserScan& scan) {
    if (user_logs_.empty()) throw std::runtime_error("no user log given: nothing to pair");
    const HeaderEntry* chosen = nullptr;
    for (const HeaderEntry& entry : scan.headers) {
      if (!options_.run || entry.header.run == *options_.run) chosen = &entry;
    }
    if (chosen == nullptr) {
      std::string message =
          "user log(s) " + list_names(user_logs_) + " hold no `ioprobe run` header";
      if (options_.run) message += " for run " + run_hex(*options_.run);
      if (!scan.headers.empty()) {
        message += " (runs found:";
        for (const HeaderEntry& entry : scan.headers) message += " " + run_hex(entry.header.run);
        message += ")";
      }
      if (scan.malformed_headers > 0) {
        message += "; " + std::to_string(scan.malformed_headers) +
                   " malformed run header line(s) were rejected";
      }
      throw std::runtime_error(message);
    }
    result_.header = chosen->header;
    result_.run = chosen->header.run;
    result_.floor = chosen->floor;
    const uint64_t n = chosen->header.iterations;
    if (n > options_.max_iterations) {
      throw std::runtime_error("run " + run_hex(result_.run) + " announces " + std::to_string(n) +
                               " iterations; the collector refuses more than " +
                               std::to_string(options_.max_iterations) +
                               " (memory is sized by the iteration count)");
    }
    result_.counts.expected = n;

    std::size_t same_id = 0;
    for (const HeaderEntry& entry : scan.headers) {
      if (entry.header.run == result_.run) ++same_id;
    }
    if (same_id > 1) {
      warn("run " + run_hex(result_.run) + " has " + std::to_string(same_id) +
           " run headers in the user logs; the last one was used");
    }
    for (const LoopTotal& total : scan.totals) {
      if (total.run == result_.run) result_.total = total;
    }

    choose_sources(n);
    slots_.resize(n);
    flags_.assign(n, 0);
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
      warn(std::string("the requested kernel source '") + std::string(name(*requested)) +
           "' differs from the one the loop's cmd selects ('" + std::string(name(*from_cmd)) +
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

  Bucket classify(uint32_t run, uint32_t seq) {
    if (run != result_.run) {
      ++result_.counts.foreign;
      note_foreign(run);
      return Bucket::kForeign;
    }
    return classify_seq(seq);
  }

  Bucket classify_seq(uint32_t seq) {
    if ((seq & IOPROBE_SEQ_WARMUP) != 0) {
      ++result_.counts.warmup;
      return Bucket::kWarmup;
    }
    if (seq >= result_.counts.expected) {
      ++result_.counts.out_of_range;
      return Bucket::kOutOfRange;
    }
    return Bucket::kSlot;
  }

  void note_foreign(uint32_t run) {
    if (last_foreign_ && *last_foreign_ == run) return;
    last_foreign_ = run;
    auto& runs = result_.foreign_runs;
    const auto it = std::lower_bound(runs.begin(), runs.end(), run);
    if (it != runs.end() && *it == run) return;
    if (runs.size() >= options_.max_foreign_runs) {
      result_.foreign_runs_truncated = true;
      return;
    }
    runs.insert(it, run);
  }

  // The slot of seq for the side `has` (kHasUser or kHasKernel), marked as taken; nullptr when
  // that side of seq was already taken (a duplicate: the first stamp is kept).
  Pair* claim_slot(uint32_t seq, uint8_t has) {
    uint8_t& flags = flags_[seq];
    if ((flags & has) != 0) {
      ++result_.counts.duplicate;
      return nullptr;
    }
    flags |= has;
    return &slots_[seq];
  }

  void add_user(const UserStamp& stamp) {
    if (classify(stamp.run, stamp.seq) != Bucket::kSlot) return;
    if (Pair* slot = claim_slot(stamp.seq, kHasUser)) {
      slot->user_cpu = stamp.cpu;
      slot->user_tsc = stamp.tsc;
      slot->user_after = stamp.tsc_after;
    }
  }

  void add_kernel(const KernelStamp& stamp) {
    if (stamp.run != result_.run) {
      classify(stamp.run, stamp.seq);
      return;
    }
    if (!source_) source_ = stamp.source;  // first kernel stamp of this run decides
    if (stamp.source != *source_) {
      add_extra(stamp);
      return;
    }
    if (classify_seq(stamp.seq) != Bucket::kSlot) return;
    if (Pair* slot = claim_slot(stamp.seq, kHasKernel)) {
      slot->kernel_cpu = stamp.cpu;
      slot->kernel_tsc = stamp.tsc;
      slot->kernel_exit = stamp.tsc_exit;
    }
  }

  // A stamp of this run from another probe than the primary one: an extra probe's, or the
  // wrong source.
  void add_extra(const KernelStamp& stamp) {
    ExtraProbeSlots* extra = extra_of(stamp.source);
    if (extra == nullptr) {
      ++result_.counts.wrong_source;
      return;
    }
    if (classify_seq(stamp.seq) != Bucket::kSlot) return;
    if (!extra->add(stamp)) ++result_.counts.duplicate;
  }

  void read_user_stamps(const LogSource& log) {
    // A log that is also a kernel log gets its malformed lines counted by the kernel pass.
    const bool also_kernel = kernel_names_.contains(log.name);
    uint64_t kernel_lines = 0;
    const LogScan scan =
        for_each_line(log, "user", options_.max_line, format_of(log),
                      [&](const Line& line, const LogLine& split, LogFormat format) {
                        const ParsedLine parsed = read_record(format, line, split);
                        if (const auto* stamp = std::get_if<UserStamp>(&parsed)) {
                          add_user(*stamp);
                        } else if (const auto* bad = std::get_if<Malformed>(&parsed)) {
                          if (!also_kernel) reject(bad->code);
                        } else if (std::holds_alternative<KernelStamp>(parsed)) {
                          ++kernel_lines;
                        }
                      });
    if (!also_kernel) {
      result_.overlong_lines += scan.overlong;
      note_format(log, "user", scan.format);
    }
    if (kernel_lines > 0 && !also_kernel) {
      warn("user log '" + log.name + "' holds " + std::to_string(kernel_lines) +
           " kernel stamp line(s) that were ignored; pass it as a kernel log too to pair them");
    }
  }

  struct OpenDump {
    DumpBegin begin;
    uint64_t lines = 0;  // kernel stamp lines (well-formed or not) since dump-begin
  };

  struct DumpIssue {
    Probe source;
    std::string message;
  };

  void dump_incomplete(Probe source, std::string message) {
    dump_issues_.push_back(DumpIssue{source, std::move(message)});
  }

  void close_dump(const LogSource& log, const OpenDump& dump, const DumpEnd& end) {
    const std::string where = " in kernel log '" + log.name + "'";
    const std::string probe_name = name(dump.begin.source);
    if (end.source != dump.begin.source) {
      dump_incomplete(
          dump.begin.source,
          "dump-begin of " + probe_name + " was closed by dump-end of " + name(end.source) + where);
    } else if (end.entries != dump.begin.entries || dump.lines != dump.begin.entries) {
      dump_incomplete(dump.begin.source,
                      "dump of " + probe_name + where + " announced " +
                          std::to_string(dump.begin.entries) + " entries, dump-end says " +
                          std::to_string(end.entries) + ", and " + std::to_string(dump.lines) +
                          " stamp lines were found between them");
    }
  }

  void read_kernel_log(const LogSource& log) {
    const bool also_user = user_names_.contains(log.name);
    KmsgSeqAudit audit;
    std::optional<OpenDump> dump;
    uint64_t user_lines = 0;
    const std::string where = " in kernel log '" + log.name + "'";

    const LogScan scan = for_each_line(
        log, "kernel", options_.max_line, format_of(log),
        [&](const Line& line, const LogLine& split, LogFormat format) {
          if (split.kmsg_seq) audit.observe(*split.kmsg_seq);
          const ParsedLine parsed = read_record(format, line, split);
          if (std::holds_alternative<NoTag>(parsed)) {
            if (split.kind == LogLine::Kind::kMessage) {
              const uint64_t lost = printk_loss_marker(split.message);
              uint64_t& dropped = result_.counts.printk_dropped;
              dropped = lost > UINT64_MAX - dropped ? UINT64_MAX : dropped + lost;
            }
            return;
          }
          if (const auto* stamp = std::get_if<KernelStamp>(&parsed)) {
            if (dump) ++dump->lines;
            add_kernel(*stamp);
          } else if (const auto* bad = std::get_if<Malformed>(&parsed)) {
            reject(bad->code);
            if (dump && bad->kind == LineKind::kKernel) ++dump->lines;
          } else if (const auto* begin = std::get_if<DumpBegin>(&parsed)) {
            if (dump) {
              dump_incomplete(dump->begin.source,
                              "a dump-begin of " + std::string(name(dump->begin.source)) + where +
                                  " has no dump-end before the next dump-begin");
            }
            dump = OpenDump{*begin, 0};
            const std::size_t index = source_index(begin->source);
            dropped_[index] += begin->dropped;
            ++dumps_[index];
          } else if (const auto* end = std::get_if<DumpEnd>(&parsed)) {
            if (!dump) {
              dump_incomplete(end->source, "a dump-end of " + std::string(name(end->source)) +
                                               where + " has no dump-begin");
            } else {
              close_dump(log, *dump, *end);
              dump.reset();
            }
          } else if (const auto* mark = std::get_if<MarkLine>(&parsed)) {
            if (mark->run == result_.run) result_.mark_seen = true;
          } else {
            ++user_lines;  // user-side records: the user pass handles them
          }
        });
    result_.overlong_lines += scan.overlong;
    note_format(log, "kernel", scan.format);
    if (dump) {
      dump_incomplete(dump->begin.source, "a dump-begin of " +
                                              std::string(name(dump->begin.source)) + where +
                                              " has no dump-end (dump cut short?)");
    }
    result_.counts.log_lost_records += audit.lost();
    result_.counts.log_seq_restarts += audit.restarts();
    if (audit.lost() > 0) {
      warn(std::to_string(audit.lost()) + " /dev/kmsg record(s) were lost" + where +
           " (sequence gaps: the kernel ring buffer was overwritten before it was read)");
    }
    if (audit.restarts() > 0) {
      warn("the /dev/kmsg sequence number went backwards " + std::to_string(audit.restarts()) +
           " time(s)" + where +
           " (concatenated captures or a reboot); gaps were only counted "
           "within increasing stretches");
    }
    if (user_lines > 0 && !also_user) {
      warn("kernel log '" + log.name + "' holds " + std::to_string(user_lines) +
           " user-side line(s) (run/floor/u/total) that were ignored; pass it as a user log to "
           "use them");
    }
  }

  void finish() {
    result_.source = source_;
    if (source_) result_.probes.push_back(*source_);
    for (const ExtraProbeSlots& extra : extras_) result_.probes.push_back(extra.source());
    finish_dumps();
    compact_pairs();
    for (ExtraProbeSlots& extra : extras_) {
      const auto index = source_index(extra.source());
      result_.extra_probes.push_back(
          extra.finish(result_.counts.expected, dropped_[index], dump_incomplete(extra.source())));
    }
    if (!source_given_ && source_) {
      warn("the kernel source was neither requested nor implied by the loop's cmd; stamps from '" +
           std::string(name(*source_)) + "' (the first seen) were paired");
    }
    append_count_warnings(result_);
  }

  // Whether a probe of the run (primary or extra) took stamps from this source.
  bool is_probe(Probe source) const {
    return !source_ || *source_ == source ||
           std::any_of(extras_.begin(), extras_.end(),
                       [source](const ExtraProbeSlots& extra) { return extra.source() == source; });
  }

  bool dump_incomplete(Probe source) const {
    return std::any_of(dump_issues_.begin(), dump_issues_.end(),
                       [source](const DumpIssue& issue) { return issue.source == source; });
  }

  // Dumps of a probe not in the run hold no stamps of ours: only the run's probes' dumps count;
  // the primary's drops go to RunCounts, an extra probe's to its own counts.
  void finish_dumps() {
    for (std::size_t index = 0; index < kSources; ++index) {
      const auto source = static_cast<Probe>(index);
      if (!is_probe(source)) continue;
      if (!source_ || *source_ == source) result_.counts.dump_dropped += dropped_[index];
      if (dumps_[index] > 1) {
        warn(std::to_string(dumps_[index]) + " dumps of " + std::string(name(source)) +
             " were found; their dropped counts were summed");
      }
    }
    for (DumpIssue& issue : dump_issues_) {
      if (!is_probe(issue.source)) continue;
      if (!source_ || *source_ == issue.source) result_.counts.dump_incomplete = true;
      warn("incomplete dump: " + issue.message);
    }
  }

  // Within a run the stamps of increasing seqs are taken one after another: a smaller TSC than
  // the previous present seq's means a TSC reset, a migration or a corrupted line.
  void count_backwards(uint8_t flags, const Pair& slot) {
    RunCounts& counts = result_.counts;
    if ((flags & kHasUser) != 0) {
      if (last_user_ && slot.user_tsc < *last_user_) ++counts.tsc_backwards_user;
      last_user_ = slot.user_tsc;
      ++counts.user_stamps;
    }
    if ((flags & kHasKernel) != 0) {
      if (last_kernel_ && slot.kernel_tsc < *last_kernel_) ++counts.tsc_backwards_kernel;
      last_kernel_ = slot.kernel_tsc;
      ++counts.kernel_stamps;
    }
  }

  // Compact the slots into the pairs, in seq order, without a second O(N) buffer.
  void compact_pairs() {
    RunCounts& counts = result_.counts;
    std::vector<Pair>& pairs = slots_;
    std::size_t out = 0;
    for (std::size_t seq = 0; seq < flags_.size(); ++seq) {
      const uint8_t flags = flags_[seq];
      count_backwards(flags, pairs[seq]);
      if (flags == kHasUser) ++counts.missing_kernel;
      if (flags == kHasKernel) ++counts.missing_user;
      const bool has_user = (flags & kHasUser) != 0;
      if (flags != (kHasUser | kHasKernel)) {
        for (ExtraProbeSlots& extra : extras_) extra.visit(seq, has_user, nullptr);
        continue;
      }
      Pair pair = pairs[seq];
      pair.run = result_.run;
      pair.seq = static_cast<uint32_t>(seq);
      // Modular difference read as signed: exact for |delta| < 2^63, negative deltas kept.
      pair.delta = static_cast<int64_t>(pair.kernel_tsc - pair.user_tsc);
      if (pair.delta < 0) ++counts.negative;
      if (pair.user_cpu != pair.kernel_cpu) ++counts.cross_cpu;
      const std::optional<CallAnatomy> anatomy = call_anatomy(pair);
      if (anatomy && !in_order(*anatomy)) ++counts.order_violations;
      for (ExtraProbeSlots& extra : extras_) extra.visit(seq, has_user, &pair);
      pairs[out++] = pair;
    }
    pairs.resize(out);
    pairs.shrink_to_fit();
    counts.paired = out;
    counts.lost = counts.expected - counts.paired;
    flags_ = {};
    result_.pairs = std::move(pairs);
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
  std::vector<Pair> slots_;
  std::vector<uint8_t> flags_;
  std::vector<ExtraProbeSlots> extras_;
  std::optional<uint64_t> last_user_;    // TSC of the previous seq with a user stamp
  std::optional<uint64_t> last_kernel_;  // same for the primary's kernel stamps
  std::optional<uint32_t> last_foreign_;
  std::array<uint64_t, kSources> dropped_{};
  std::array<uint64_t, kSources> dumps_{};
  std::vector<DumpIssue> dump_issues_;
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
