// Folder pair/: pairing the user stamps with the kernel stamps of the same (run, seq),
// accounting for every stamp line, the warnings the accounting implies, and the statistics over
// the paired deltas (statistics) and over runs (run_stats). Reads logs through logs/, which also
// decides which record each line holds (logs/log_record.hpp).
//
// Pairs the user stamps of one run with the kernel stamps of the same (run, seq) and accounts
// for every stamp line seen.
//
// The user log's "ioprobe run" header fixes the run id and N = iterations. With several headers,
// the requested run is used, else the LAST one (run_choice.hpp). The user logs are read twice
// (headers, then stamps); kernel logs are streamed once. Memory is O(N): per-seq slots sized by N
// (pair_slots.hpp). The user logs are read in a second thread while the kernel logs are read;
// each side counts on its own (side_tally.hpp) and the outcome is exactly that of reading the
// user logs first, then the kernel logs.
//
// Each stamp lands in exactly one bucket, checked in this order:
//   foreign       another run id (user or kernel side)
//   wrong_source  kernel stamp of this run from a probe that is not among the run's probes
//   warmup        seq has IOPROBE_SEQ_WARMUP set
//   out_of_range  seq >= N
//   duplicate     (side, seq) already seen: the first stamp is kept (each probe is a side)
//   accepted      then paired, or missing on the other side
// Malformed tagged lines count as rejected, broken down by RejectReason. The form of each log
// (log_format.hpp) is detected from its first 64 KiB unless forced: raw /dev/kmsg records
// (sequence gaps are counted in log_lost_records, backwards jumps in log_seq_restarts), dmesg
// text, journalctl output, a buffered dump framed by dump-begin/dump-end (audited by
// dump_audit.hpp), or a serial console capture. printk's own loss markers in kernel logs are
// summed into printk_dropped. After pairing, tsc_backwards_{user,kernel} count accepted stamps
// whose TSC is below that of the previous present seq on the same side. A tagged last line
// without its newline is rejected (truncated): its last number may have been cut.
//
// Format 2 pairs carry u_after and P_exit (absent for format-1 lines, each line read on its own
// terms); order_violations counts the pairs with all four stamps that are not in the order
// u_before <= P_enter <= P_exit <= u_after. For an extra probe Q, its order_violations count the
// calls with every stamp of the chain u_before <= outer_enter <= inner_enter <= inner_exit <=
// outer_exit <= u_after, the tracepoint being the outer probe (cross_check_chain_holds).
//
// Kernel logs are streamed once (a pipe or FIFO works); memory does not grow with their size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "logs/log_format.hpp"
#include "logs/log_reader.hpp"
#include "logs/log_source.hpp"
#include "util/types.hpp"

namespace iprobe {

inline constexpr uint64_t kMaxIterations = 100'000'000;

struct PairingOptions {
  std::optional<uint32_t> run;  // pair this run; default: the last header of the user logs
  // Kernel probes of the run in the order named, the first being the primary probe, whose
  // stamps make `pairs` and RunCounts; each further one is a cross-check probe with its own
  // accounting (PairingResult::extra_probes). Empty: the primary probe is the one the header's
  // cmd selects, else the first seen, and there is no extra probe.
  std::vector<Probe> sources;
  std::size_t max_line = LineReader::kDefaultMaxLine;
  uint64_t max_iterations = kMaxIterations;  // refuse larger N (memory)
  std::size_t max_foreign_runs = 64;         // distinct foreign run ids kept for the report
  // Form of the kernel logs (and of logs that are both); kAuto detects it per log. User logs
  // are always detected.
  LogFormat kernel_format = LogFormat::kAuto;
};

struct LogFormatUsed {
  std::string name;  // the log's name
  std::string role;  // "user" or "kernel"
  LogFormat format;  // as detected or forced
};

struct PairingResult {
  uint32_t run = 0;
  RunHeader header;
  std::optional<TscFloor> floor;   // the floor line following the chosen run header
  std::optional<LoopTotal> total;  // the total line of the chosen run
  std::optional<Probe> source;     // the primary probe (the pairs' kernel stamps), if known
  std::vector<Probe> probes;       // primary first, then the extra probes; empty when unknown
  RunCounts counts;
  std::vector<Pair> pairs;               // ordered by seq
  std::vector<ExtraProbe> extra_probes;  // one per extra probe, in the order named
  std::vector<std::string> warnings;
  std::vector<uint32_t> foreign_runs;      // distinct, ascending, at most max_foreign_runs
  bool foreign_runs_truncated = false;     // more distinct foreign run ids were seen
  bool mark_seen = false;                  // the kernel logs hold "ioprobe mark <run> end"
  uint64_t overlong_lines = 0;             // lines longer than max_line (all logs)
  std::vector<LogFormatUsed> log_formats;  // one per log read (a log both user and kernel: once)
};

// User logs are opened twice, so they must be re-readable (files, not pipes). Every log is
// opened once up front, so an unopenable log is reported before any content error.
// Throws std::runtime_error with a one-line message naming the log when a log cannot be opened
// or read, when the user logs hold no (or not the requested) "ioprobe run" header, or when N
// exceeds max_iterations. A log listed both as user and kernel log (a serial capture holding
// both) is fine.
PairingResult pair_logs(std::span<const LogSource> user_logs,
                        std::span<const LogSource> kernel_logs, const PairingOptions& options = {});

PairingResult pair_files(const std::vector<std::filesystem::path>& user_logs,
                         const std::vector<std::filesystem::path>& kernel_logs,
                         const PairingOptions& options = {});

}  // namespace iprobe
