// Folder scenarios/common/: what every scenario shares: the validated run options, CPU
// pinning, and the round-trip runner that starts the loop variants and writes their results.
// Scenarios use report/, env/ and logs/; nothing in report/ or below includes scenarios/.
//
// What the user asked for on the command line, after validation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace iprobe {

// Upper bound on warm-up calls (the iteration bound is the pairing's, kMaxIterations).
inline constexpr uint64_t kMaxWarmup = 10'000'000;

// Round-trip benchmark defaults.
inline constexpr uint64_t kRoundtripDefaultIterations = 100'000;
inline constexpr uint32_t kRoundtripDefaultRuns = 10;
inline constexpr uint32_t kMaxRuns = 10'000;

struct RunOptions {
  std::string benchmark = "entry";      // entry (MB2) | roundtrip (MB1)
  std::string scenario = "linux-qemu";  // linux | linux-qemu | hermitux
  std::string probe;                    // module | patch ("" = scenario default)
  std::string mode = "buffer";          // printk | buffer
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
  std::string accel = "auto";  // auto | kvm | tcg
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
  std::filesystem::path kvm_device = "/dev/kvm";
  // Entry loop in HermiTux: freestanding | libc-glibc | libc-musl.
  std::string entry_variant = "freestanding";
  std::filesystem::path replay_dir;  // re-analyse a captured HermiTux run instead of running one
  // hermitux: run the loops rewritten by syscall-rewriter so that their ioctl calls the kernel's
  // sys_ioctl as a function (scenario 3; loop-fncall-bound: pointer bound to it, scenario 4)
  bool rewrite = false;
  // roundtrip
  std::vector<std::string> variants;  // canonical names, in run order
  bool variants_explicit = false;     // named by the user (a missing program is an error)
  uint32_t runs = kRoundtripDefaultRuns;
  bool subtract_floor = false;
  double outlier_factor = 1.5;
  std::filesystem::path variant_dir;  // where the loop-* programs are ("" = next to collector)
  // set by the guest's init: the QEMU accelerator the host chose, recorded in the environment
  std::string guest_accel;
  // linux-qemu: appended to the guest kernel command line after the defaults, so e.g.
  // log_buf_len=128K replaces the 16M ring the guest otherwise gets.
  std::string guest_kernel_params;
  bool quiet = false;
};

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
