// Folder env/: the machine a measurement ran on (kernel, CPU, TSC, hypervisor,
// mitigations), how it is probed, which caveats it implies, and its JSON form (environment_json),
// shared by summaries and the run record a guest hands to the host. Uses only util/.
//
// Describes the machine a measurement ran on: kernel, CPU, TSC properties, hypervisor,
// mitigations. Everything is read relative to a root directory so tests can use fixture trees.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/types.hpp"

namespace iprobe {

// Reads the environment below `root`. `cpu` selects the processor whose model name, MHz and
// governor are reported (-1 = the first one / cpu0). `dmesg` is optional kernel log text used
// for the TSC frequency when sysfs has none. CPUID and uname are consulted only when root is
// "/". Missing files are not errors: the matching fields stay empty.
Environment probe_environment(const std::filesystem::path& root = "/", int cpu = -1,
                              std::string_view dmesg = {});

// Same as probe_environment, but with the CPUID hypervisor signature given by the caller
// ("" = none) instead of executing CPUID. Lets tests exercise every vendor path.
Environment probe_environment_with_signature(const std::filesystem::path& root, int cpu,
                                             std::string_view dmesg,
                                             const std::string& cpuid_signature);

// Whether the run recorded QEMU's TCG as its accelerator (environment.accel): its cycles are
// the emulator's, not the CPU's.
bool tcg_accel(const Environment& environment);

// The 12-byte vendor signature of CPUID leaf 0x40000000 ("KVMKVMKVM", "TCGTCGTCGTCG",
// "Microsoft Hv", "VMwareVMware", ...), trailing NULs stripped. "" when the CPUID hypervisor
// bit is clear or the build is not x86.
std::string cpuid_hypervisor_signature();

// Maps a CPUID signature to a short vendor name ("kvm", "tcg", "hyperv", "vmware", "xen",
// ...); unknown signatures are returned unchanged.
std::string hypervisor_vendor_from_signature(std::string_view signature);

// TSC frequency in kHz from kernel log text: the last "tsc: Refined TSC clocksource
// calibration: N MHz" wins over "tsc: Detected N MHz processor/TSC". nullopt when absent.
std::optional<std::string> tsc_khz_from_dmesg(std::string_view dmesg);

// A run on /dev/kvm (accel "kvm...": linux-qemu under KVM, HermiTux's uhyve) on a host whose
// KVM is kvm_pvm: the guest's ring 0 is emulated, its cycles are not hardware cycles.
bool kvm_emulates_ring0(const Environment& env);

// Human-readable caveats about the environment (non-invariant TSC, hypervisor, TCG, kvm_pvm).
std::vector<std::string> environment_warnings(const Environment& env);

}  // namespace iprobe
