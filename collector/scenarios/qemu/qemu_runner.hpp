// Boots the project's guest kernel under qemu-system-x86_64 and watches its serial console.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "scenarios/qemu/qemu_vcpu_pins.hpp"
#include "util/enums.hpp"

namespace iprobe {

struct QemuConfig {
  std::filesystem::path qemu;            // qemu-system-x86_64 binary
  std::filesystem::path kernel;          // bzImage
  std::filesystem::path initrd;          // uncompressed newc cpio
  std::filesystem::path transfer_image;  // raw virtio disk the guest writes its results to
  std::filesystem::path console_log;     // serial console capture
  std::filesystem::path qemu_log;        // QEMU's own stderr
  std::string append;                    // kernel command line
  Accel accel = Accel::kTcg;             // kKvm or kTcg
  int smp = 2;
  int memory_mb = 2048;
  std::chrono::seconds timeout{600};  // whole run, killed after it
  // Killed (no_boot) when the console shows no kernel message within this time; 0 = never.
  std::chrono::seconds boot_deadline{0};
  // Under KVM: where QEMU's threads go (qemu_vcpu_pins); nullopt leaves them alone.
  std::optional<QemuVcpuPlan> vcpu_plan;
};

struct QemuResult {
  int exit_code = -1;
  bool timed_out = false;
  bool no_boot = false;     // nothing from the kernel before boot_deadline
  bool saw_kernel = false;  // the kernel's banner appeared on the console
  double wall_seconds = 0;
  int vcpu_threads_found = 0;  // with a vcpu_plan: "CPU N/KVM" threads found and pinned
  int threads_not_moved = 0;   // ... QEMU threads whose affinity could not be set
};

// Runs QEMU to completion (the guest powers off by rebooting under -no-reboot). Every
// complete console line goes to `on_line` as it appears.
QemuResult run_qemu(const QemuConfig& config, const std::function<void(std::string_view)>& on_line);

// The QEMU binary on PATH, or an exception saying how to install it.
std::filesystem::path find_qemu(const std::string& explicit_path);

// True when /dev/kvm can be opened read-write (a KVM guest may still fail to boot).
bool kvm_device_usable();

}  // namespace iprobe
