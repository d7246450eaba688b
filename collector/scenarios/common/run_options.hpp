// Folder scenarios/: where a benchmark runs, as services its runners (benchmarks/<kind>/)
// compose: linux/ (the running kernel's probes), qemu/ (the project's kernel under QEMU),
// hermitux/ (a HermiTux guest under uhyve), common/ (the validated run options, the one
// child-process runner, interrupt handling). Uses logs/, env/ and util/; only benchmarks/ and
// app/ include it.
//
// What the user asked for on the command line, after validation.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "logs/log_format.hpp"
#include "util/enums.hpp"

namespace iprobe {

// Upper bound on warm-up calls (the iteration bound is the pairing's, kMaxIterations).
inline constexpr uint64_t kMaxWarmup = 10'000'000;

// Round-trip benchmark defaults (its default --iterations is in its row of the benchmark table).
inline constexpr uint32_t kRoundtripDefaultRuns = 10;
inline constexpr uint32_t kMaxRuns = 10'000;

struct RunOptions {
  Benchmark benchmark = Benchmark::kEntry;
  ScenarioId scenario = ScenarioId::kLinuxQemu;
  // --probe: the probes in the order named, the first being the primary one and the others its
  // cross-check (patch,tracepoint); empty: the scenario's default probe.
  std::vector<Probe> probes;
  Mode mode = Mode::kBuffer;
  Accel accel = Accel::kAuto;  // linux-qemu
  // Set in the options the project's QEMU guest is started with: this collector runs inside
  // that guest, so it only captures (the host pairs and reports) and draws no plots.
  bool in_guest = false;
  bool quiet = false;
  // hermitux: run the loops rewritten by syscall-rewriter so that their ioctl `syscall` becomes a
  // call of the kernel's sys_ioctl (through a trampoline; roundtrip-loop-fncall-bound: its
  // function pointer bound to sys_ioctl, a plain call)
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
  std::filesystem::path
      variant_dir;  // where the roundtrip-loop-* programs are ("" = next to collector)
  // interpose (--runs and --outlier-factor above apply too)
  std::vector<std::string> mechanisms;       // canonical names, in run order
  bool mechanisms_explicit = false;          // named by the user (a missing program is an error)
  std::vector<std::string> interpose_calls;  // ioctl, nosys: canonical order
  int supervisor_cpu = -1;                   // supervisors' and tracers' CPU, -1 = the loop's
  // linux-qemu: appended to the guest kernel command line after the defaults, so e.g.
  // log_buf_len=128K replaces the 16M ring the guest otherwise gets.
  std::string guest_kernel_params;
};

// The probe whose command the entry loop issues: patch or module when one is named (the
// tracepoints then stamp the same calls), tracepoint when it is the only probe. `probes` is not
// empty.
inline Probe loop_probe(std::span<const Probe> probes) {
  if (probes.front() != Probe::kTracepoint) return probes.front();
  return probes.size() > 1 ? probes[1] : Probe::kTracepoint;
}

inline bool uses_tracepoint(std::span<const Probe> probes) {
  for (const Probe p : probes)
    if (p == Probe::kTracepoint) return true;
  return false;
}

struct ParseOptions {
  std::vector<std::filesystem::path> user_logs;
  std::vector<std::filesystem::path> kernel_logs;
  std::optional<uint32_t> run_id;
  std::vector<Probe>
      probes;  // --probe: the run's probes, primary first; empty = from the loop's cmd
  std::filesystem::path output_dir;
  LogFormat format = LogFormat::kAuto;  // kernel log form (kAuto: detected per log)
  bool strict = false;                  // any log anomaly -> exit status 3
  bool copy_raw = true;                 // copy the (regular-file) logs into DIR/raw/
  bool plots = true;                    // draw the plots after pairing
};

}  // namespace iprobe
