#include "scenarios/linux/probe_auto.hpp"

#include <ioctl_probe/ioctl_probe.h>

#include <stdexcept>

#include "env/module_signing.hpp"
#include "scenarios/linux/tracepoint_mount.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

// IOPROBE_PATCH_PARAM_DIR below root.
fs::path patch_dir(const fs::path& root) {
  return root / fs::path(IOPROBE_PATCH_PARAM_DIR).relative_path();
}

// Why the module cannot be loaded here; "" when it can.
std::string module_obstacle(const LinuxProbeFacts& f) {
  if (!f.module_support)
    return "this kernel cannot load modules (/proc/modules is missing: built without "
           "CONFIG_MODULES)";
  if (f.modules_disabled)
    return "module loading is disabled until reboot (kernel.modules_disabled = 1)";
  if (!f.module_named.empty())
    return f.module_named_exists ? "" : "--module " + f.module_named + " does not exist";
  if (f.module_installed.empty())
    return std::string("no ") + IOPROBE_MODULE_NAME +
           " module is installed for this kernel (package ioctl-probe-dkms) and none was given "
           "with --module";
  return "";
}

}  // namespace

LinuxProbeFacts read_linux_probe_facts(const fs::path& root, const fs::path& module_path) {
  LinuxProbeFacts f;
  std::error_code ec;
  f.patch_hook = fs::exists(patch_dir(root) / "mode", ec);
  f.module_support = fs::exists(root / "proc/modules", ec);
  f.modules_disabled = read_module_signing_policy(root).modules_disabled;
  f.module_named = module_path.string();
  f.module_named_exists = !module_path.empty() && fs::is_regular_file(module_path, ec);
  f.tracefs = tracefs_supported(root / "proc/filesystems");
  return f;
}

ProbeDecision choose_linux_probe(const LinuxProbeFacts& f) {
  ProbeDecision d;
  d.requested = "auto";
  if (f.patch_hook) {
    d.chosen = {Probe::kPatch};
    d.reason =
        "the running kernel carries the ioctl_probe hook (" + patch_dir("/").string() + "/mode)";
    return d;
  }
  d.passed_over.emplace_back(Probe::kPatch, "the running kernel has no ioctl_probe hook (" +
                                                patch_dir("/").string() +
                                                " is missing: it is not the patched kernel)");
  const std::string obstacle = module_obstacle(f);
  if (obstacle.empty()) {
    d.chosen = {Probe::kModule};
    d.reason = "the probe module can be loaded: " + (f.module_named.empty()
                                                         ? f.module_installed + " (installed)"
                                                         : f.module_named + " (--module)");
    return d;
  }
  d.passed_over.emplace_back(Probe::kModule, obstacle);
  if (!f.tracefs)
    throw std::runtime_error(
        "no probe can be used on this kernel: " + d.passed_over[0].second + "; " +
        d.passed_over[1].second +
        "; and it has no tracefs for the syscall tracepoints: use --scenario linux-qemu");
  d.chosen = {Probe::kTracepoint};
  d.reason =
      "neither the hook nor the module is available; the syscall tracepoints need nothing "
      "installed";
  return d;
}

ProbeDecision named_probes(std::span<const Probe> probes) {
  ProbeDecision d;
  d.requested = probe_list_name(probes);
  d.chosen.assign(probes.begin(), probes.end());
  d.reason = "named with --probe";
  return d;
}

}  // namespace iprobe
