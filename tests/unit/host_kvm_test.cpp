// kvm_pvm: a host whose KVM runs the guest's ring 0 deprivileged and emulates it. Runs on its
// /dev/kvm (HermiTux under uhyve, linux-qemu under KVM) count emulated cycles, labelled so in
// the environment's warnings and by compare; the host's own runs keep hardware cycles.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "env/environment.hpp"
#include "env/environment_json.hpp"
#include "compare/compare_environment.hpp"

namespace iprobe {
namespace {

const std::filesystem::path kEnvFixtures = std::filesystem::path(IPROBE_FIXTURE_DIR) / "env";

bool mentions_kvm_pvm(const std::vector<std::string>& warnings) {
  return std::any_of(warnings.begin(), warnings.end(), [](const std::string& w) {
    return w.starts_with("KVM on this host is kvm_pvm") && w.find("emulated") != std::string::npos;
  });
}

TEST(HostKvm, TheModuleBehindDevKvmIsRecorded) {
  EXPECT_EQ(probe_environment(kEnvFixtures / "kvm_pvm_host").host_kvm, "kvm_pvm");
  EXPECT_EQ(probe_environment(kEnvFixtures / "kvm_intel_host").host_kvm, "kvm_intel");
  EXPECT_EQ(probe_environment(kEnvFixtures / "kvm_guest").host_kvm, "");
}

TEST(HostKvm, HermituxOnKvmPvmCountsEmulatedCycles) {
  Environment env = probe_environment(kEnvFixtures / "kvm_pvm_host", 0);
  env.accel = "kvm (uhyve: /opt/hermitux/bin/proxy, kernel /opt/hermitux/ldhermit.elf)";
  EXPECT_TRUE(kvm_emulates_ring0(env));
  EXPECT_EQ(cycle_kind(env), "emulated (kvm_pvm)");
  EXPECT_TRUE(mentions_kvm_pvm(environment_warnings(env)));
}

TEST(HostKvm, HermituxOnKvmIntelCountsHardwareCycles) {
  Environment env = probe_environment(kEnvFixtures / "kvm_intel_host", 0);
  env.accel = "kvm (uhyve: /opt/hermitux/bin/proxy, kernel /opt/hermitux/ldhermit.elf)";
  EXPECT_FALSE(kvm_emulates_ring0(env));
  EXPECT_EQ(cycle_kind(env), "hardware");
  EXPECT_FALSE(mentions_kvm_pvm(environment_warnings(env)));
}

// The host's own system calls do not go through KVM: kvm_pvm changes nothing for them.
TEST(HostKvm, HostRunsOnAKvmPvmHostKeepHardwareCycles) {
  const Environment env = probe_environment(kEnvFixtures / "kvm_pvm_host", 0);
  EXPECT_EQ(cycle_kind(env), "hardware");
  EXPECT_FALSE(mentions_kvm_pvm(environment_warnings(env)));
}

TEST(HostKvm, TheLabelSurvivesTheSummaryJson) {
  Environment env = probe_environment(kEnvFixtures / "kvm_pvm_host", 0);
  env.accel = "kvm (uhyve)";
  const nlohmann::ordered_json json = env;
  EXPECT_EQ(json.at("host_kvm"), "kvm_pvm");
  EXPECT_EQ(cycle_kind(json.get<Environment>()), "emulated (kvm_pvm)");
}

// Folders of one machine, a HermiTux run on kvm_pvm and a host run: compare refuses to mix
// their cycles (without --mixed), as it does for TCG.
TEST(HostKvm, CompareTellsKvmPvmCyclesFromHardwareCycles) {
  Environment host = probe_environment(kEnvFixtures / "kvm_pvm_host", 0);
  Environment hermitux = host;
  hermitux.accel = "kvm (uhyve)";
  const std::vector<CompareFolder> folders = {{"host", host, {}}, {"hermitux", hermitux, {}}};
  const auto differences = environment_differences(folders);
  ASSERT_EQ(differences.size(), 1u);
  EXPECT_EQ(differences[0].field, "cycles");
}

}  // namespace
}  // namespace iprobe
