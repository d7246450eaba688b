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

struct RunOptions {
  std::string scenario = "linux-qemu";  // linux | linux-qemu
  std::string probe;                    // module | patch ("" = scenario default)
  std::string mode = "buffer";          // printk | buffer
  uint64_t iterations = 10'000;
  uint64_t warmup = 1'000;
  int cpu = -1;  // loop CPU, -1 = last online CPU
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
  // set by the guest's init: the QEMU accelerator the host chose, recorded in the environment
  std::string guest_accel;
  bool quiet = false;
};

struct ParseOptions {
  std::vector<std::filesystem::path> user_logs;
  std::vector<std::filesystem::path> kernel_logs;
  std::optional<uint32_t> run_id;
  std::string probe;  // restrict kernel stamps to this source, "" = any
  std::filesystem::path output_dir;
};

}  // namespace iprobe
