// Folder pair/: pairing the user stamps with the kernel stamps of the same (run, seq),
// accounting for every stamp line, the warnings the accounting implies, and the statistics over
// the paired deltas (statistics) and over runs (run_stats). Reads logs through logs/.
//
// Pairs the user stamps of one run with the kernel stamps of the same (run, seq) and accounts
// for every stamp line seen.
//
// The user log's "ioprobe run" header fixes the run id and N = iterations. With several headers,
// the requested run is used, else the LAST one. The user logs are read twice (headers, then
// stamps); kernel logs are streamed once. Memory is O(N): per-seq slots sized by N.
//
// Each stamp lands in exactly one bucket, checked in this order:
//   foreign       another run id (user or kernel side)
//   wrong_source  kernel stamp of this run from the other probe (patch vs module)
//   warmup        seq has IOPROBE_SEQ_WARMUP set
//   out_of_range  seq >= N
//   duplicate     (side, seq) already seen: the first stamp is kept
//   accepted      then paired, or missing on the other side
// Malformed tagged lines count as rejected, broken down by RejectReason. The form of each log
// (log_format.hpp) is detected from its first 64 KiB unless forced: raw /dev/kmsg records
// (sequence gaps are counted in log_lost_records, backwards jumps in log_seq_restarts), dmesg
// text, journalctl output, a buffered dump framed by dump-begin/dump-end, or a serial console
// capture. printk's own loss markers in kernel logs are summed into printk_dropped. After
// pairing, tsc_backwards_{user,kernel} count accepted stamps whose TSC is below that of the
// previous present seq on the same side. A tagged last line without its newline is rejected
// (truncated): its last number may have been cut.
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
  std::optional<uint32_t> run;   // pair this run; default: the last header of the user logs
  std::optional<Source> source;  // kernel probe to pair with; default: from the header's cmd
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
  std::optional<Source> source;    // probe the kernel stamps were taken from, if known
  RunCounts counts;
  std::vector<Pair> pairs;  // ordered by seq
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
