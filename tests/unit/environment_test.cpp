#include "env/environment.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace iprobe {
namespace {

const std::filesystem::path kEnvFixtures = std::filesystem::path(IPROBE_FIXTURE_DIR) / "env";

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool any_starts_with(const std::vector<std::string>& v, std::string_view prefix) {
  return std::any_of(v.begin(), v.end(),
                     [&](const std::string& s) { return s.starts_with(prefix); });
}

constexpr std::string_view kBareMetalDmesg =
    "[    0.000000] Linux version 6.1.0-18-amd64\n"
    "[    0.000000] tsc: Detected 3200.000 MHz processor\n"
    "[    0.000000] tsc: Detected 3199.999 MHz TSC\n"
    "[    1.234567] tsc: Refined TSC clocksource calibration: 3191.999 MHz\n"
    "[    1.234600] clocksource: Switched to clocksource tsc\n";

TEST(Environment, BareMetalIntelWithMitigations) {
  const auto env =
      probe_environment_with_signature(kEnvFixtures / "intel_baremetal", -1, kBareMetalDmesg, "");
  EXPECT_EQ(env.kernel, "6.1.0-18-amd64");
  EXPECT_EQ(env.cpu_model, "Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz");
  EXPECT_EQ(env.tsc_flags, (std::vector<std::string>{"constant_tsc", "nonstop_tsc", "rdtscp"}));
  EXPECT_EQ(env.tsc_khz, 3191999U);  // refined calibration wins over "Detected"
  EXPECT_EQ(env.tsc_khz_source, "kernel-log");
  EXPECT_EQ(env.hypervisor, "");
  EXPECT_EQ(env.cpu, -1);
  EXPECT_EQ(env.smt, "on");
  EXPECT_EQ(env.governor, "powersave");
  ASSERT_EQ(env.mitigations.size(), 8u);
  EXPECT_EQ(
      env.mitigations.front(),
      (std::pair<std::string, std::string>{
          "l1tf", "Mitigation: PTE Inversion; VMX: conditional cache flushes, SMT vulnerable"}));
  EXPECT_TRUE(std::is_sorted(env.mitigations.begin(), env.mitigations.end()));
  EXPECT_EQ(env.mitigations.back().first, "srbds");
  EXPECT_TRUE(environment_warnings(env).empty());
}

TEST(Environment, SelectedCpuPicksGovernorAndNeverTheCoreClockAsTscRate) {
  const auto env = probe_environment_with_signature(kEnvFixtures / "intel_baremetal", 1, "", "");
  EXPECT_EQ(env.cpu, 1);
  EXPECT_EQ(env.governor, "performance");
  // No sysfs, no kernel log, and a fixture tree is neither asked CPUID nor measured: unknown,
  // not cpu1's "cpu MHz" of 799.998 (the core clock, not the TSC's rate).
  EXPECT_EQ(env.tsc_khz, 0U);
  EXPECT_EQ(env.tsc_khz_source, "");
}

TEST(Environment, KvmGuest) {
  const auto env = probe_environment_with_signature(
      kEnvFixtures / "kvm_guest", 0, "[0.0] tsc: Detected 2992.968 MHz processor\n", "KVMKVMKVM");
  EXPECT_EQ(env.kernel, "6.8.0-iprobe+");
  EXPECT_EQ(env.cpu_model, "Intel Xeon Processor (Cascadelake)");
  EXPECT_EQ(env.tsc_flags,
            (std::vector<std::string>{"constant_tsc", "nonstop_tsc", "tsc_known_freq", "rdtscp"}));
  EXPECT_EQ(env.tsc_khz, 2992968U);  // from sysfs tsc_freq_khz
  EXPECT_EQ(env.tsc_khz_source, "sysfs");
  EXPECT_EQ(env.hypervisor, "kvm");
  EXPECT_EQ(env.hypervisor_signature, "KVMKVMKVM");
  EXPECT_EQ(env.smt, "notsupported");
  EXPECT_EQ(env.governor, "");
  ASSERT_EQ(env.mitigations.size(), 3u);
  EXPECT_EQ(env.mitigations[0].first, "gather_data_sampling");

  const auto warnings = environment_warnings(env);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(warnings[0].starts_with("running under a hypervisor (kvm"));
}

TEST(Environment, HypervisorFlagWithoutSignatureIsPresentOrDmesgVendor) {
  auto env = probe_environment_with_signature(kEnvFixtures / "kvm_guest", -1, "", "");
  EXPECT_EQ(env.hypervisor, "present");
  env = probe_environment_with_signature(kEnvFixtures / "kvm_guest", -1,
                                         "[    0.000000] Hypervisor detected: KVM\n", "");
  EXPECT_EQ(env.hypervisor, "kvm");
  env = probe_environment_with_signature(kEnvFixtures / "kvm_guest", -1,
                                         "Hypervisor detected: Microsoft Hyper-V\n", "");
  EXPECT_EQ(env.hypervisor, "hyperv");
}

TEST(Environment, TcgGuestWithoutConstantTsc) {
  const auto env =
      probe_environment_with_signature(kEnvFixtures / "tcg_guest", -1, "", "TCGTCGTCGTCG");
  EXPECT_EQ(env.cpu_model, "QEMU Virtual CPU version 2.5+");
  EXPECT_TRUE(env.tsc_flags.empty());
  EXPECT_EQ(env.tsc_khz, 0U);  // its cpuinfo's "cpu MHz" is no TSC rate
  EXPECT_EQ(env.hypervisor, "tcg");
  const auto warnings = environment_warnings(env);
  EXPECT_TRUE(contains(warnings, "no invariant TSC (constant_tsc/nonstop_tsc missing)"));
  EXPECT_TRUE(any_starts_with(warnings, "running under a hypervisor (tcg"));
  EXPECT_TRUE(
      contains(warnings, "QEMU TCG emulation: cycles are emulation cycles, not hardware cycles"));
}

TEST(Environment, TcgDetectedFromAccelAlone) {
  auto env = probe_environment_with_signature(kEnvFixtures / "tcg_guest", -1, "", "");
  EXPECT_EQ(env.hypervisor, "present");
  EXPECT_FALSE(any_starts_with(environment_warnings(env), "QEMU TCG"));
  env.accel = "tcg";
  EXPECT_TRUE(any_starts_with(environment_warnings(env), "QEMU TCG"));
}

TEST(Environment, EmptyTreeGivesEmptyFields) {
  const auto env = probe_environment(kEnvFixtures / "empty", 3);
  EXPECT_EQ(env.kernel, "");  // no uname fallback for a non-root tree
  EXPECT_EQ(env.cpu_model, "");
  EXPECT_TRUE(env.tsc_flags.empty());
  EXPECT_EQ(env.tsc_khz, 0U);
  EXPECT_EQ(env.tsc_khz_source, "");
  EXPECT_TRUE(env.mitigations.empty());
  EXPECT_EQ(env.hypervisor, "");
  EXPECT_EQ(env.hypervisor_signature, "");  // no CPUID for a fixture tree
  EXPECT_EQ(env.smt, "");
  EXPECT_EQ(env.governor, "");
  EXPECT_EQ(env.cpu, 3);
  EXPECT_EQ(environment_warnings(env),
            (std::vector<std::string>{"CPU flags unknown: TSC invariance not verified"}));
}

TEST(Environment, NonexistentRootIsNotAnError) {
  EXPECT_NO_THROW(probe_environment("/nonexistent/iprobe-root"));
}

TEST(Environment, LiveSystemHasKernel) {
  const auto env = probe_environment();
  EXPECT_FALSE(env.kernel.empty());
  // CPUID and the cpuinfo flag must agree on whether a hypervisor is present.
  EXPECT_EQ(env.hypervisor_signature.empty(), cpuid_hypervisor_signature().empty());
}

TEST(HypervisorVendor, KnownSignatures) {
  EXPECT_EQ(hypervisor_vendor_from_signature("KVMKVMKVM"), "kvm");
  EXPECT_EQ(hypervisor_vendor_from_signature("TCGTCGTCGTCG"), "tcg");
  EXPECT_EQ(hypervisor_vendor_from_signature("Microsoft Hv"), "hyperv");
  EXPECT_EQ(hypervisor_vendor_from_signature("VMwareVMware"), "vmware");
  EXPECT_EQ(hypervisor_vendor_from_signature("SomethingNew"), "SomethingNew");
}

}  // namespace
}  // namespace iprobe
