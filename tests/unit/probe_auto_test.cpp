// --probe auto under --scenario linux: what it reads of a kernel (fake /sys and /proc trees) and
// what it chooses from that, with the reasons it records.
#include "scenarios/linux/probe_auto.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "util/file_util.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A fake root holding the given files (path below the root -> content).
class KernelTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("iprobe-probe-auto-" +
             std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  void add(const std::string& path, const std::string& content) {
    fs::create_directories((root_ / path).parent_path());
    write_text_file(root_ / path, content);
  }
  fs::path root_;
};

constexpr const char* kTracefs = "nodev\tsysfs\nnodev\ttracefs\n";

TEST_F(KernelTree, ThePatchedKernelsHookIsChosenFirst) {
  add("sys/module/ioctl_probe_hook/parameters/mode", "off\n");
  add("proc/modules", "");
  add("proc/filesystems", kTracefs);
  LinuxProbeFacts facts = read_linux_probe_facts(root_, "");
  EXPECT_TRUE(facts.patch_hook && facts.module_support && facts.tracefs);
  facts.module_installed = "/lib/modules/6.1.0/updates/dkms/ioctl_probe.ko";
  const ProbeDecision d = choose_linux_probe(facts);
  EXPECT_EQ(d.requested, "auto");
  EXPECT_EQ(d.chosen, std::vector{Probe::kPatch});
  EXPECT_TRUE(has(d.reason, "carries the ioctl_probe hook")) << d.reason;
  EXPECT_TRUE(d.passed_over.empty());
}

TEST_F(KernelTree, WithoutTheHookTheInstalledModule) {
  add("proc/modules", "");
  add("proc/filesystems", kTracefs);
  LinuxProbeFacts facts = read_linux_probe_facts(root_, "");
  EXPECT_FALSE(facts.patch_hook);
  facts.module_installed = "/lib/modules/6.1.0/updates/dkms/ioctl_probe.ko";
  const ProbeDecision d = choose_linux_probe(facts);
  EXPECT_EQ(d.chosen, std::vector{Probe::kModule});
  EXPECT_TRUE(has(d.reason, "updates/dkms/ioctl_probe.ko (installed)")) << d.reason;
  ASSERT_EQ(d.passed_over.size(), 1u);
  EXPECT_EQ(d.passed_over[0].first, Probe::kPatch);
  EXPECT_TRUE(has(d.passed_over[0].second, "no ioctl_probe hook")) << d.passed_over[0].second;
}

TEST_F(KernelTree, AModuleGivenWithModuleCountsWhenTheFileExists) {
  add("proc/modules", "");
  add("proc/filesystems", kTracefs);
  add("build/ioctl_probe.ko", "not really a module");
  const ProbeDecision given =
      choose_linux_probe(read_linux_probe_facts(root_, root_ / "build/ioctl_probe.ko"));
  EXPECT_EQ(given.chosen, std::vector{Probe::kModule});
  EXPECT_TRUE(has(given.reason, "(--module)")) << given.reason;

  const ProbeDecision missing =
      choose_linux_probe(read_linux_probe_facts(root_, root_ / "typo.ko"));
  EXPECT_EQ(missing.chosen, std::vector{Probe::kTracepoint});
  ASSERT_EQ(missing.passed_over.size(), 2u);
  EXPECT_TRUE(has(missing.passed_over[1].second, "typo.ko does not exist"))
      << missing.passed_over[1].second;
}

TEST_F(KernelTree, NoModuleInstalledMeansTheTracepoints) {
  add("proc/modules", "");
  add("proc/filesystems", kTracefs);
  const ProbeDecision d = choose_linux_probe(read_linux_probe_facts(root_, ""));
  EXPECT_EQ(d.chosen, std::vector{Probe::kTracepoint});
  ASSERT_EQ(d.passed_over.size(), 2u);
  EXPECT_EQ(d.passed_over[1].first, Probe::kModule);
  EXPECT_TRUE(has(d.passed_over[1].second, "ioctl-probe-dkms")) << d.passed_over[1].second;
}

// This machine's case: no /proc/modules at all.
TEST_F(KernelTree, AKernelWithoutModuleSupportMeansTheTracepoints) {
  add("proc/filesystems", kTracefs);
  LinuxProbeFacts facts = read_linux_probe_facts(root_, "");
  EXPECT_FALSE(facts.module_support);
  facts.module_installed = "/lib/modules/x/ioctl_probe.ko";  // irrelevant without support
  const ProbeDecision d = choose_linux_probe(facts);
  EXPECT_EQ(d.chosen, std::vector{Probe::kTracepoint});
  EXPECT_TRUE(has(d.passed_over[1].second, "cannot load modules (/proc/modules is missing"))
      << d.passed_over[1].second;
}

TEST_F(KernelTree, ModulesDisabledUntilRebootMeansTheTracepoints) {
  add("proc/modules", "");
  add("proc/sys/kernel/modules_disabled", "1\n");
  add("proc/filesystems", kTracefs);
  LinuxProbeFacts facts = read_linux_probe_facts(root_, "");
  EXPECT_TRUE(facts.modules_disabled);
  facts.module_installed = "/lib/modules/x/ioctl_probe.ko";
  const ProbeDecision d = choose_linux_probe(facts);
  EXPECT_EQ(d.chosen, std::vector{Probe::kTracepoint});
  EXPECT_TRUE(has(d.passed_over[1].second, "modules_disabled")) << d.passed_over[1].second;
}

TEST_F(KernelTree, NoProbeAtAllIsOneLineWithEveryReason) {
  add("proc/filesystems", "nodev\tsysfs\n");
  try {
    choose_linux_probe(read_linux_probe_facts(root_, ""));
    FAIL() << "a kernel without hook, modules and tracefs got a probe";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_TRUE(has(what, "no ioctl_probe hook") && has(what, "cannot load modules") &&
                has(what, "no tracefs") && has(what, "linux-qemu"))
        << what;
    EXPECT_FALSE(has(what, "\n")) << what;
  }
}

TEST(ProbeAuto, NamedProbesAreRecordedAsNamed) {
  const std::vector<Probe> named{Probe::kPatch, Probe::kTracepoint};
  const ProbeDecision d = named_probes(named);
  EXPECT_EQ(d.requested, "patch,tracepoint");
  EXPECT_EQ(d.chosen, named);
  EXPECT_EQ(d.reason, "named with --probe");
}

}  // namespace
}  // namespace iprobe
