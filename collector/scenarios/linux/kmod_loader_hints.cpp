#include "scenarios/linux/kmod_loader_hints.hpp"

#include <cerrno>

namespace iprobe {
namespace {

constexpr const char* kTracepointInstead = "or use --probe tracepoint, which loads nothing";

// Why this kernel wants a signature it trusts, in the words of what was found.
std::string signing_reason(int err, const ModuleSigningPolicy& p) {
  std::string found;
  auto add = [&](const std::string& what) { found += (found.empty() ? "" : ", ") + what; };
  if (p.locked_down()) add("lockdown=" + p.lockdown);
  if (p.secure_boot.value_or(false)) add("Secure Boot is on");
  if (p.sig_enforce) add("module.sig_enforce=Y");
  if (!found.empty())
    return std::string(p.locked_down() ? "the kernel is locked down"
                                       : "the kernel checks module signatures") +
           " (" + found + ")";
  if (err == EKEYREJECTED || err == ENOKEY) return "the kernel rejected the module's signature";
  return "";
}

std::string signing_hint(const std::string& reason) {
  return ": " + reason +
         " and loads only modules signed by a key it trusts; this one is unsigned or signed by a "
         "key that is not enrolled: enrol the DKMS signing key (`mokutil --import "
         "/var/lib/dkms/mok.pub`, reboot, confirm it in MokManager) and load the module DKMS "
         "built and signed (no --module), " +
         std::string(kTracepointInstead);
}

}  // namespace

std::string module_refusal_hint(int err, bool root, const ModuleSigningPolicy& policy) {
  if (err == EPERM && !root) return ": run as root (sudo)";
  if (err == EPERM || err == EKEYREJECTED || err == ENOKEY) {
    if (policy.modules_disabled)
      return ": module loading is switched off until the next boot (kernel.modules_disabled=1): "
             "reboot, " +
             std::string(kTracepointInstead);
    if (const std::string reason = signing_reason(err, policy); !reason.empty())
      return signing_hint(reason);
    return ": refused although the collector runs as root (a security module such as SELinux "
           "or AppArmor, or a seccomp filter?), " +
           std::string(kTracepointInstead);
  }
  if (err == ENOEXEC || err == EINVAL)
    return ": the module was built for another kernel; rebuild it for `uname -r` (ioctl-probe-dkms "
           "does so for every kernel with headers)";
  if (err == ENOENT) return ": no such module; pass --module PATH";
  return "";
}

}  // namespace iprobe
