// Whether this kernel refuses to load modules that are not signed by a key it trusts, and why:
// kernel lockdown, UEFI Secure Boot (which turns lockdown on in Debian's kernels),
// module.sig_enforce, or kernel.modules_disabled. Read below a root folder, like the rest of
// env/, so tests use fixture trees.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace iprobe {

struct ModuleSigningPolicy {
  // The active mode of /sys/kernel/security/lockdown ("none", "integrity",
  // "confidentiality"); "" when the file is absent (no lockdown support, securityfs unmounted).
  std::string lockdown;
  // The EFI variable SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c; nullopt when absent
  // (no EFI, efivarfs unmounted).
  std::optional<bool> secure_boot;
  bool sig_enforce = false;       // /sys/module/module/parameters/sig_enforce is Y
  bool modules_disabled = false;  // /proc/sys/kernel/modules_disabled is 1 (until reboot)

  [[nodiscard]] bool locked_down() const { return !lockdown.empty() && lockdown != "none"; }
};

ModuleSigningPolicy read_module_signing_policy(const std::filesystem::path& root = "/");

}  // namespace iprobe
