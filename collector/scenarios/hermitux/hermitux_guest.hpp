// Folder scenarios/hermitux/: the hermitux scenario's services: finding the installation and
// running one application in it under uhyve (hermitux_guest), splitting its output into logs
// (hermitux_output), the kernel log's budget (hermitux_klog_budget), pinning the vCPUs
// (hermitux_vcpu_pins) and rewriting the loops' syscalls into function calls (hermitux_rewrite).
// The benchmarks' runners (benchmarks/<kind>/) compose them.
//
// Finding a HermiTux installation and running one application in it under uhyve.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scenarios/common/run_options.hpp"
#include "scenarios/hermitux/hermitux_output.hpp"
#include "scenarios/hermitux/hermitux_vcpu_pins.hpp"

namespace iprobe {

struct HermituxInstall {
  std::filesystem::path proxy;   // PREFIX/bin/proxy: starts uhyve
  std::filesystem::path kernel;  // PREFIX/x86_64-hermit/extra/tests/hermitux: the kernel image
};

// From --hermitux-proxy / --hermitux-kernel, else from --hermitux-prefix, else from the
// HERMITUX_PREFIX environment variable. Throws std::runtime_error naming what is missing and
// where it was looked for.
HermituxInstall find_hermitux(const RunOptions& options);

// uhyve needs a KVM device it can open read-write. Throws std::runtime_error saying why not.
void check_kvm_usable(const std::filesystem::path& device);

struct HermituxGuestSettings {
  std::string memory = "512M";  // HERMIT_MEM
  int cpus = 1;                 // HERMIT_CPUS
  int timeout_seconds = 600;
  int host_cpu = -1;  // pin proxy (its main thread runs vCPU 0, the loop's) here, -1 = no
  // Host CPUs of each vCPU (plan_vcpu_placement); vCPU 1.. threads are moved there as they appear.
  std::vector<VcpuPlacement> vcpus;
  bool progress = false;  // a line on stderr every 15 s: elapsed time and output so far
};

// The environment's vcpu_pinning line of every HermiTux run.
inline constexpr const char* kUhyveVcpuPinning =
    "pinned: proxy (vCPU 0, the loop's) on the loop's host CPU, each further uhyve vCPU thread "
    "on its vcpu_host_cpus";

// The guest settings of a run of `calls` ioctl calls: memory, vCPUs and their host CPUs, the
// timeout (--timeout, else derived from the calls), progress unless quiet.
HermituxGuestSettings hermitux_guest_settings(const RunOptions& options, uint64_t calls);

// The scenario the results name: hermitux, or hermitux-rewritten with --rewrite.
std::string hermitux_results_scenario(const RunOptions& options);

// --floor-samples, else 1000: on hosts where KVM cannot run rdtscp in the guest, every TSC read
// leaves the guest, and the loops' default 100000 read pairs would take minutes.
uint32_t hermitux_floor_samples(const RunOptions& options);

// Runs `proxy KERNEL PROGRAM ARGS...` with HERMIT_ISLE=uhyve HERMIT_TUX=1 HERMIT_VERBOSE=1
// HERMIT_MEM HERMIT_CPUS, stdin from /dev/null, stdout and stderr into their own files.
// Kills it after the timeout. Throws only when it cannot be started.
GuestOutcome run_hermitux_guest(const HermituxInstall& install, const HermituxGuestSettings& s,
                                const std::filesystem::path& program,
                                const std::vector<std::string>& args,
                                const std::filesystem::path& stdout_file,
                                const std::filesystem::path& stderr_file);

}  // namespace iprobe
