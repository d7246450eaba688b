// Folder scenarios/common/: what every scenario shares: the validated run options (enums
// parsed once by app/cli), the one child-process runner, interrupt handling, the round-trip
// runner that starts the loop variants, and finish_run, the one closing path that writes
// raw/run.json and hands the capture to report/. Nothing in report/ or below includes it.
//
// What the user asked for on the command line, after validation.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/enum_names.hpp"

namespace iprobe {

// The choices of the command line, as values. Each has one table of names (the only place the
// spellings live); the CLI parses them once, everything after it compares values.
enum class Benchmark : uint8_t { kEntry, kRoundtrip };
enum class ScenarioId : uint8_t { kLinuxQemu, kLinux, kHermitux };
// kDefault: the scenario's own. kTracepoint: syscalls:sys_{enter,exit}_ioctl in tracefs.
enum class Probe : uint8_t { kDefault, kModule, kPatch, kTracepoint };
enum class Mode : uint8_t { kPrintk, kBuffer };
enum class Accel : uint8_t { kAuto, kKvm, kTcg };

inline constexpr std::array kBenchmarkNames{
    EnumName<Benchmark>{Benchmark::kEntry, "entry"},
    EnumName<Benchmark>{Benchmark::kRoundtrip, "roundtrip"}};
inline constexpr std::array kScenarioNames{
    EnumName<ScenarioId>{ScenarioId::kLinuxQemu, "linux-qemu"},
    EnumName<ScenarioId>{ScenarioId::kLinux, "linux"},
    EnumName<ScenarioId>{ScenarioId::kHermitux, "hermitux"}};
inline constexpr std::array kProbeNames{EnumName<Probe>{Probe::kModule, "module"},
                                        EnumName<Probe>{Probe::kPatch, "patch"},
                                        EnumName<Probe>{Probe::kTracepoint, "tracepoint"}};
inline constexpr std::array kModeNames{EnumName<Mode>{Mode::kPrintk, "printk"},
                                       EnumName<Mode>{Mode::kBuffer, "buffer"}};
inline constexpr std::array kAccelNames{EnumName<Accel>{Accel::kAuto, "auto"},
                                        EnumName<Accel>{Accel::kKvm, "kvm"},
                                        EnumName<Accel>{Accel::kTcg, "tcg"}};

inline std::string name(Benchmark b) { return std::string(name_in(kBenchmarkNames, b)); }
inline std::string name(ScenarioId s) { return std::string(name_in(kScenarioNames, s)); }
inline std::string name(Probe p) { return std::string(name_in(kProbeNames, p)); }
inline std::string name(Mode m) { return std::string(name_in(kModeNames, m)); }
inline std::string name(Accel a) { return std::string(name_in(kAccelNames, a)); }

// Upper bound on warm-up calls (the iteration bound is the pairing's, kMaxIterations).
inline constexpr uint64_t kMaxWarmup = 10'000'000;

// Round-trip benchmark defaults.
inline constexpr uint64_t kRoundtripDefaultIterations = 100'000;
inline constexpr uint32_t kRoundtripDefaultRuns = 10;
inline constexpr uint32_t kMaxRuns = 10'000;

struct RunOptions {
  Benchmark benchmark = Benchmark::kEntry;
  ScenarioId scenario = ScenarioId::kLinuxQemu;
  Probe probe = Probe::kDefault;    // the primary probe: the first one named
  std::vector<Probe> extra_probes;  // --probe patch,tracepoint: the cross-check probes, in order
  Mode mode = Mode::kBuffer;
  Accel accel = Accel::kAuto;  // linux-qemu
  // Set by the guest's init: this collector runs inside the project's QEMU guest, so it only
  // captures (the host pairs and reports) and draws no plots.
  bool in_guest = false;
  bool quiet = false;
  // hermitux: run the loops rewritten by syscall-rewriter so that their ioctl calls the kernel's
  // sys_ioctl as a function (scenario 3; loop-fncall-bound: pointer bound to it, scenario 4)
  bool rewrite = false;
  bool variants_explicit = false;  // roundtrip: variants named by the user (missing = error)
  bool subtract_floor = false;     // roundtrip
  uint64_t iterations = 10'000;
  uint64_t warmup = 1'000;
  uint32_t floor_samples = 0;  // back-to-back TSC read pairs per loop, 0 = per scenario
  int cpu = -1;                // loop CPU, -1 = last online CPU
  std::optional<uint32_t> run_id;
  std::filesystem::path output_dir;
  // linux
  std::filesystem::path module_path;
  std::filesystem::path loop_path;
  // linux-qemu
  std::filesystem::path kernel_image;
  std::string qemu;
  int timeout_seconds = 0;  // 0 = derived from iterations
  int memory_mb = 0;        // 0 = derived from iterations
  // hermitux
  std::filesystem::path hermitux_prefix;  // "" = $HERMITUX_PREFIX
  std::filesystem::path hermitux_proxy;   // "" = PREFIX/bin/proxy
  std::filesystem::path hermitux_kernel;  // "" = PREFIX/x86_64-hermit/extra/tests/hermitux
  std::string hermitux_memory = "512M";   // HERMIT_MEM
  int hermitux_cpus = 1;                  // HERMIT_CPUS
  bool hermitux_force_smp = false;        // run hermitux_cpus > 1 despite HermiTux's SMP hang
  std::filesystem::path kvm_device = "/dev/kvm";
  // Entry loop in HermiTux: freestanding | libc-glibc | libc-musl.
  std::string entry_variant = "freestanding";
  std::filesystem::path replay_dir;  // re-analyse a captured HermiTux run instead of running one
  // roundtrip
  std::vector<std::string> variants;  // canonical names, in run order
  uint32_t runs = kRoundtripDefaultRuns;
  double outlier_factor = 1.5;
  std::filesystem::path variant_dir;  // where the loop-* programs are ("" = next to collector)
  // Inside the guest: the QEMU accelerator the host chose, recorded in the environment.
  std::string guest_accel;
  // linux-qemu: appended to the guest kernel command line after the defaults, so e.g.
  // log_buf_len=128K replaces the 16M ring the guest otherwise gets.
  std::string guest_kernel_params;
};

// The probe whose command the entry loop issues: patch or module when one is named (the
// tracepoints then stamp the same calls), tracepoint when it is the only probe.
inline Probe loop_probe(Probe primary, const std::vector<Probe>& extra) {
  if (primary != Probe::kTracepoint) return primary;
  return extra.empty() ? Probe::kTracepoint : extra.front();
}

inline bool uses_tracepoint(Probe primary, const std::vector<Probe>& extra) {
  if (primary == Probe::kTracepoint) return true;
  for (Probe p : extra)
    if (p == Probe::kTracepoint) return true;
  return false;
}

// As the command line names them: "patch,tracepoint".
inline std::string probe_list_name(Probe primary, const std::vector<Probe>& extra) {
  std::string text = name(primary);
  for (Probe p : extra) text += "," + name(p);
  return text;
}

struct ParseOptions {
  std::vector<std::filesystem::path> user_logs;
  std::vector<std::filesystem::path> kernel_logs;
  std::optional<uint32_t> run_id;
  std::string probe;  // restrict kernel stamps to this source, "" = any
  std::filesystem::path output_dir;
  std::string format = "auto";  // kernel log form: auto | kmsg | dmesg | journal | serial | dump
  bool strict = false;          // any log anomaly -> exit status 3
  bool copy_raw = true;         // copy the (regular-file) logs into DIR/raw/
  bool plots = true;            // draw the plots after pairing
};

}  // namespace iprobe
