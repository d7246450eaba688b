// Folder scenarios/qemu/: the linux-qemu scenario. The host side builds an initramfs (the
// programs a benchmark needs, this collector and their shared libraries), boots the patched
// kernel under QEMU (qemu_runner) with the collector as the guest's init, and extracts the raw
// results the guest wrote to a transfer disk (guest_archive); the guest side is app/guest_init.
// The benchmarks' runners (benchmarks/<kind>/) use run_guest.
//
// One guest run: the initramfs, the boot (KVM where a KVM guest really boots, else TCG), the
// results back in DIR/raw/.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "scenarios/common/run_options.hpp"

namespace iprobe {

// A file of the initramfs: where it goes in the guest, where it comes from on the host.
struct InitramfsFile {
  std::string archive_path;
  std::filesystem::path host_file;
  unsigned mode = 0755;
};

struct GuestSizing {
  uint64_t transfer_bytes = 64ull << 20;  // the transfer disk
  int memory_mb = 1024;
  std::chrono::seconds timeout{300};
};

// The build folder the running collector belongs to (build/ for build/bin/collector): where
// build/guest/ (the guest kernel and module) is.
std::filesystem::path build_dir();

// explicit_path, else fallback; throws std::runtime_error "WHAT PATH not found: HINT" when the
// file is missing.
std::filesystem::path require_file(const std::filesystem::path& explicit_path,
                                   const std::filesystem::path& fallback, const std::string& what,
                                   const std::string& hint);

// The options the guest's collector runs, before its kind adds its own (programs, probes): the
// host's `options` under --scenario linux, inside the guest (only captures, writes to
// kGuestResultsDir, not quiet: its progress reaches the console), pinned to --cpu or CPU 1 and
// tagged `run_id`.
RunOptions guest_run_options(const RunOptions& options, uint32_t run_id);

// Boots the guest kernel (with `kernel_params` after the command line's defaults) with `files`
// in its initramfs and the collector as init running `guest` (the options record,
// kGuestOptionsFile), and extracts the transfer disk into OUTPUT/raw/. `options` are the host's.
// Returns the accelerator used (kKvm or kTcg). Throws with the guest's own error or the last
// console lines when it produced no results.
Accel run_guest(const RunOptions& options, const RunOptions& guest,
                std::vector<InitramfsFile> files, const GuestSizing& sizing,
                const std::string& kernel_params = "");

// The in-guest collector's own warnings, marked as the guest's ("guest: ...").
std::vector<std::string> guest_warnings(const std::vector<std::string>& warnings);

}  // namespace iprobe
