// Folder util/: plain data shared by every stage (types), the enums of a run with their name
// tables (enums), small file helpers, run ids and CPU affinity. Includes nothing else from the
// collector.
//
// Plain data exchanged between the collector's parts: parsed stamp lines, pairing
// results, statistics and the measurement environment. No logic lives here.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/enums.hpp"

namespace iprobe {

// The stamp format a line or run header was written in (include/ioctl_probe/ioctl_probe.h):
// 1 = entry stamps only, 2 = with the after/exit stamps.
inline constexpr uint32_t kFormatEntryOnly = 1;
inline constexpr uint32_t kFormatWithExit = 2;

struct KernelStamp {
  Probe source = Probe::kModule;
  uint32_t run = 0;
  uint32_t seq = 0;
  uint32_t cpu = 0;
  uint64_t tsc = 0;                  // k_enter
  std::optional<uint64_t> tsc_exit;  // k_exit, format 2 only
};

struct UserStamp {
  uint32_t run = 0;
  uint32_t seq = 0;
  uint32_t cpu = 0;
  uint64_t tsc = 0;                   // u_before
  std::optional<uint64_t> tsc_after;  // u_after, format 2 only
};

struct RunHeader {
  uint32_t run = 0;
  uint32_t iterations = 0;
  uint32_t warmup = 0;
  int cpu = -1;  // CPU the loop pinned itself to, -1 = not pinned
  std::string variant;
  uint32_t cmd = 0;
  uint32_t format = kFormatEntryOnly;  // "format=" field, absent in format 1
};

struct TscFloor {
  uint64_t min = 0;
  uint64_t p50 = 0;
  uint32_t samples = 0;
};

struct LoopTotal {
  uint32_t run = 0;
  uint32_t calls = 0;
  uint64_t cycles = 0;
  uint32_t cpu_start = 0;
  uint32_t cpu_end = 0;
  uint32_t migrations = 0;
  uint32_t errors = 0;
};

struct DumpBegin {
  Probe source = Probe::kModule;
  uint32_t entries = 0;
  uint64_t dropped = 0;
  uint32_t capacity = 0;
};

struct DumpEnd {
  Probe source = Probe::kModule;
  uint32_t entries = 0;
};

// One paired measurement of run PairingResult::run: user stamp right before the syscall, kernel
// stamp at entry of the primary probe, and (format 2) the user stamp right after the call and
// the kernel exit stamp. 48 bytes: the exit stamps are kept with presence bits rather than as
// std::optional (a run holds N pairs, and they are the collector's largest data).
struct Pair {
  static constexpr uint8_t kUserAfter = 1;
  static constexpr uint8_t kKernelExit = 2;

  uint32_t seq = 0;
  uint32_t user_cpu = 0;
  uint32_t kernel_cpu = 0;
  uint8_t exit_stamps = 0;       // kUserAfter | kKernelExit: which of the two below are present
  uint64_t user_tsc = 0;         // u_before
  uint64_t kernel_tsc = 0;       // P_enter
  uint64_t user_after_tsc = 0;   // u_after, when exit_stamps has kUserAfter
  uint64_t kernel_exit_tsc = 0;  // P_exit, when exit_stamps has kKernelExit

  // kernel_tsc - user_tsc, signed: negative deltas are kept. Modular difference read as signed:
  // exact for |delta| < 2^63.
  int64_t delta() const { return static_cast<int64_t>(kernel_tsc - user_tsc); }
  std::optional<uint64_t> user_after() const { return stamp(kUserAfter, user_after_tsc); }
  std::optional<uint64_t> kernel_exit() const { return stamp(kKernelExit, kernel_exit_tsc); }
  void set_user_after(std::optional<uint64_t> tsc) { set(kUserAfter, user_after_tsc, tsc); }
  void set_kernel_exit(std::optional<uint64_t> tsc) { set(kKernelExit, kernel_exit_tsc, tsc); }

 private:
  std::optional<uint64_t> stamp(uint8_t bit, uint64_t tsc) const {
    return (exit_stamps & bit) != 0 ? std::optional<uint64_t>(tsc) : std::nullopt;
  }
  void set(uint8_t bit, uint64_t& slot, std::optional<uint64_t> tsc) {
    slot = tsc.value_or(0);
    exit_stamps = static_cast<uint8_t>(tsc ? exit_stamps | bit : exit_stamps & ~bit);
  }
};

// The stamps one extra (cross-check) probe took of one call.
struct ProbeCall {
  uint32_t cpu = 0;
  uint64_t enter = 0;
  std::optional<uint64_t> exit;
};

// Accounting of one extra probe of a cross-check run, like RunCounts' for the primary probe.
// Its stamps of other runs, warm-up calls and seqs out of range are counted in RunCounts.
struct ProbeCounts {
  uint64_t kernel_stamps = 0;     // distinct stamps of this probe in [0, expected)
  uint64_t paired = 0;            // seqs with a user stamp and a stamp of this probe
  uint64_t lost = 0;              // expected - paired
  uint64_t missing = 0;           // user stamp without a stamp of this probe
  uint64_t missing_user = 0;      // stamp of this probe without a user stamp
  uint64_t duplicate = 0;         // a second stamp of this probe for a seq (also in RunCounts)
  uint64_t order_violations = 0;  // calls with every stamp breaking the cross-check chain
  uint64_t dump_dropped = 0;      // this probe's buffer was full
  bool dump_incomplete = false;
};

// A cross-check probe: its accounting, and its stamps of the calls of the primary pairs.
struct ExtraProbe {
  Probe source = Probe::kTracepoint;
  ProbeCounts counts;
  std::vector<std::optional<ProbeCall>> at_pair;  // same length and order as the pairs
};

// Why a tagged (ioprobe) line was rejected; RunCounts::rejected_by_reason is indexed by it.
// Names in summary.json: reject_reason_name() in stamp_line.hpp.
enum class RejectReason : uint8_t {
  kMissingFields,   // fewer fields than the record has (truncated line, split line)
  kExtraFields,     // more fields than the record has (two lines glued together)
  kNotNumber,       // a numeric field holds something else
  kOverflow,        // a number does not fit its field (seq/cpu 32 bits, tsc 64 bits)
  kBadSource,       // kernel source is not patch, module, hermitux or tracepoint
  kBadRunId,        // run id is not 8 hex digits
  kBadKey,          // key=value field with the wrong key
  kBadTerminator,   // mark line not ending in "end"
  kUnknownKind,     // "ioprobe <word>" with a word that is no record kind
  kNulByte,         // NUL byte(s) in the tagged text
  kInvalidUtf8,     // bytes that are not UTF-8 in the tagged text
  kControlChar,     // other control or non-ASCII characters in the tagged text
  kOverlong,        // tagged line longer than the line cap
  kTruncated,       // tagged last line without its newline (capture cut mid-line)
  kNoRecordHeader,  // tagged line inside a raw /dev/kmsg log without a record header
  kEmbeddedTag,     // tag in the middle of a message whose log prefix was stripped
};
inline constexpr std::size_t kRejectReasonCount = 16;

// Exact accounting of one run. Every stamp line seen lands in exactly one bucket.
struct RunCounts {
  uint64_t expected = 0;          // iterations announced by the loop's run header
  uint64_t user_stamps = 0;       // distinct user stamps of this run in [0, expected)
  uint64_t kernel_stamps = 0;     // distinct kernel stamps of this run in [0, expected)
  uint64_t paired = 0;            // seqs with both stamps
  uint64_t lost = 0;              // expected - paired
  uint64_t missing_kernel = 0;    // user stamp without kernel stamp
  uint64_t missing_user = 0;      // kernel stamp without user stamp
  uint64_t rejected = 0;          // malformed tagged lines
  uint64_t duplicate = 0;         // a second stamp for an already seen (side, seq)
  uint64_t negative = 0;          // pairs with delta < 0
  uint64_t cross_cpu = 0;         // pairs whose user and kernel CPU differ
  uint64_t foreign = 0;           // stamps carrying another run id (earlier runs, other users)
  uint64_t warmup = 0;            // stamps of warm-up calls (never paired)
  uint64_t out_of_range = 0;      // seq >= expected and not a warm-up seq
  uint64_t wrong_source = 0;      // kernel stamps from the other probe (patch vs module)
  uint64_t log_lost_records = 0;  // /dev/kmsg sequence gaps (records overwritten)
  uint64_t dump_dropped = 0;      // kernel buffer full: stamps never recorded
  bool dump_incomplete = false;   // a dump-begin without its dump-end, or counts disagree
  // rejected broken down by RejectReason; the entries sum to rejected.
  std::array<uint64_t, kRejectReasonCount> rejected_by_reason{};
  uint64_t tsc_backwards_user = 0;    // accepted user stamps whose tsc < the previous seq's
  uint64_t tsc_backwards_kernel = 0;  // same for kernel stamps
  uint64_t printk_dropped = 0;        // sum of printk drop/suppression markers in kernel logs
  uint64_t log_seq_restarts = 0;      // /dev/kmsg seq went backwards (concatenated captures)
  // Pairs with all four stamps (format 2) where not u_before <= P_enter <= P_exit <= u_after.
  uint64_t order_violations = 0;
};

struct LatencyStats {
  uint64_t n = 0;
  int64_t min = 0;
  int64_t p50 = 0;
  double mean = 0;
  int64_t p99 = 0;
  int64_t max = 0;
  double stddev = 0;
};

struct Environment {
  std::string kernel;  // uname -r of the system the loop ran on
  std::string cpu_model;
  // subset of constant_tsc nonstop_tsc tsc_known_freq rdtscp tsc_reliable
  std::vector<std::string> tsc_flags;
  std::string tsc_khz;                                           // "" when unknown
  std::vector<std::pair<std::string, std::string>> mitigations;  // file name -> line
  std::string hypervisor;            // "" on bare metal, else vendor / "present"
  std::string hypervisor_signature;  // raw CPUID 0x40000000 vendor string, "" when unknown
  std::string accel;                 // QEMU accelerator (kvm/tcg) when run under the project's QEMU
  // The module behind this machine's /dev/kvm: kvm_intel, kvm_amd, or kvm_pvm (which runs the
  // guest's ring 0 deprivileged and emulates it); "" when none is loaded.
  std::string host_kvm;
  int cpu = -1;          // CPU the loop was pinned to
  std::string smt;       // /sys/devices/system/cpu/smt/control, "" when absent
  std::string governor;  // cpufreq governor of that CPU, "" when absent
  // HermiTux: uhyve vCPU ("0", "1", ...) -> host CPUs its thread was pinned to ("1", "0,2-3")
  std::vector<std::pair<std::string, std::string>> vcpu_host_cpus;
};

}  // namespace iprobe
