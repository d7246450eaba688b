// Whether each probe of --scenario linux can stamp calls on the running kernel, and if not, why:
// the facts are read once (read_host_probe_facts) and judged by a pure function
// (host_probe_unavailable), so that tests can fake any machine. `collector suite` chooses the
// host's entry-latency steps with it.
#pragma once

#include <filesystem>
#include <string>

#include "util/enums.hpp"

namespace iprobe {

struct HostProbeFacts {
  bool root = false;               // effective user id 0
  bool tracefs_supported = false;  // "tracefs" in /proc/filesystems
  // Why the syscall tracepoints are known to be missing (the kernel's config says
  // CONFIG_FTRACE_SYSCALLS is not set); "" when they are there or cannot be known unmounted.
  std::string syscall_events_missing;
  bool modules_supported = false;  // /proc/modules exists
  bool modules_disabled = false;   // /proc/sys/kernel/modules_disabled is 1 (until reboot)
  // Why the installed probe module cannot be found for the running kernel; "" when found.
  std::string probe_module_missing;
  bool patch_hook = false;  // the patched kernel's hook parameters exist
};

// Reads the facts below `root` (tests pass a fixture tree); the user id and the libkmod lookup of
// the installed module are the running system's only when root is "/" (else: root, module
// missing).
HostProbeFacts read_host_probe_facts(const std::filesystem::path& root = "/");

// "" when `probe` can run under --scenario linux here, else one line saying why not.
std::string host_probe_unavailable(Probe probe, const HostProbeFacts& facts);

}  // namespace iprobe
