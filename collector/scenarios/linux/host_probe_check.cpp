#include "scenarios/linux/host_probe_check.hpp"

#include <ioctl_probe/ioctl_probe.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <sstream>

#include "scenarios/linux/kmod_loader.hpp"
#include "util/file_util.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

// A path of the running system below the facts' root.
fs::path below(const fs::path& root, const fs::path& absolute) {
  return root / absolute.relative_path();
}

std::string file_text(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return "";
  try {
    return read_text_file(file, 1 << 20);
  } catch (const std::exception&) {
    return "";
  }
}

bool has_line(const std::string& text, const std::string& wanted) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line == wanted) return true;
  return false;
}

std::string kernel_release() {
  utsname u{};
  return ::uname(&u) == 0 ? std::string(u.release) : std::string();
}

// From /boot/config-RELEASE where Debian keeps it; unknown (empty) without that file.
std::string syscall_events_missing(const fs::path& root, const std::string& release) {
  const fs::path config = below(root, "/boot/config-" + release);
  const std::string text = file_text(config);
  if (text.empty() || has_line(text, "CONFIG_FTRACE_SYSCALLS=y")) return "";
  return "the kernel has no syscall tracepoints (" + config.string() +
         ": CONFIG_FTRACE_SYSCALLS is not set)";
}

}  // namespace

HostProbeFacts read_host_probe_facts(const fs::path& root) {
  HostProbeFacts facts;
  const bool live = root == "/";
  facts.root = live && geteuid() == 0;
  std::istringstream filesystems(file_text(below(root, "/proc/filesystems")));
  for (std::string line; std::getline(filesystems, line);)
    if (line.find("\ttracefs") != std::string::npos) facts.tracefs_supported = true;
  const std::string release = live ? kernel_release() : "fixture";
  facts.syscall_events_missing = syscall_events_missing(root, release);
  std::error_code ec;
  facts.modules_supported = fs::exists(below(root, "/proc/modules"), ec);
  facts.modules_disabled =
      file_text(below(root, "/proc/sys/kernel/modules_disabled")).rfind('1', 0) == 0;
  facts.probe_module_missing = live ? installed_module_problem(IOPROBE_MODULE_NAME)
                                    : "no " IOPROBE_MODULE_NAME " module in a fixture tree";
  facts.patch_hook = fs::exists(below(root, fs::path(IOPROBE_PATCH_PARAM_DIR) / "mode"), ec);
  return facts;
}

std::string host_probe_unavailable(Probe probe, const HostProbeFacts& f) {
  if (probe == Probe::kHermitux) return "the hermitux probe runs in HermiTux only";
  if (!f.root) return "not root (the " + name(probe) + " probe needs root)";
  switch (probe) {
    case Probe::kTracepoint:
      if (!f.tracefs_supported) return "no tracefs support (no tracefs in /proc/filesystems)";
      return f.syscall_events_missing;
    case Probe::kModule:
      if (!f.modules_supported)
        return "the kernel cannot load modules (no /proc/modules: built without module support)";
      if (f.modules_disabled)
        return "module loading is switched off until reboot (kernel.modules_disabled = 1)";
      return f.probe_module_missing;
    case Probe::kPatch:
      if (!f.patch_hook)
        return "the running kernel carries no ioctl_probe hook (no " IOPROBE_PATCH_PARAM_DIR
               "): boot one installed with `make -f Makefile.kernel install`";
      return "";
    case Probe::kHermitux:
      break;
  }
  return "";
}

}  // namespace iprobe
