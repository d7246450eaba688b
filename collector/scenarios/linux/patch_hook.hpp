// Folder scenarios/linux/: what a benchmark uses on the running kernel (the host, or the kernel of
// the project's QEMU guest): the probe module through libkmod (kmod_loader), the patched kernel's
// hook (patch_hook), the syscalls:sys_{enter,exit}_ioctl events of a private tracefs instance
// (tracepoint_*). The benchmarks' runners (benchmarks/<kind>/) compose them.
//
// The patched kernel's hook, set for a run and put back afterwards as it was found (mode and
// entries: a hook switched on at boot stays on). Both happen while the loop is not running.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "util/enums.hpp"

namespace iprobe {

// The running kernel's hook mode (off, printk, buffer); nullopt when it has no hook.
std::optional<std::string> patch_hook_mode();

class PatchHookGuard {
 public:
  // Throws std::runtime_error when the running kernel has no hook.
  PatchHookGuard(Mode mode, uint64_t entries);
  ~PatchHookGuard();
  PatchHookGuard(const PatchHookGuard&) = delete;
  PatchHookGuard& operator=(const PatchHookGuard&) = delete;

 private:
  std::filesystem::path dir_;
  std::string old_mode_;
  std::string old_entries_;
  bool active_ = false;
};

}  // namespace iprobe
