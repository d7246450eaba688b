// --probe auto, the default under --scenario linux: the patched kernel's hook when the running
// kernel carries it, else the probe module when it can be loaded (installed by ioctl-probe-dkms,
// or given with --module), else the syscall tracepoints. The decision says why, and why not
// the probes passed over; the run prints and records it (summary.json probe_choice).
#pragma once

#include <filesystem>
#include <span>
#include <string>

#include "util/run_facts.hpp"

namespace iprobe {

// What this kernel offers the probes, read below a root folder (tests use fixture trees).
struct LinuxProbeFacts {
  bool patch_hook = false;        // IOPROBE_PATCH_PARAM_DIR/mode exists
  bool module_support = false;    // /proc/modules exists
  bool modules_disabled = false;  // kernel.modules_disabled is 1 (until reboot)
  std::string module_named;       // --module FILE, "" when not given
  bool module_named_exists = false;
  std::string module_installed;  // the installed module libkmod finds, "" when none
  bool tracefs = false;          // tracefs in /proc/filesystems
};

// The facts below `root`; module_installed is left to the caller (find_installed_module).
LinuxProbeFacts read_linux_probe_facts(const std::filesystem::path& root,
                                       const std::filesystem::path& module_path);

// The auto choice. Throws std::runtime_error, with why each probe cannot be used, when none can.
ProbeDecision choose_linux_probe(const LinuxProbeFacts& facts);

// The decision of a run whose probes were named with --probe.
ProbeDecision named_probes(std::span<const Probe> probes);

}  // namespace iprobe
