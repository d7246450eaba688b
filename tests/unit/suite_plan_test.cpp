// `collector suite`'s discovery: the plan made from faked machine facts (not root, no tracefs,
// no QEMU, no guest kernel, no HermiTux), its order, its sizes and --skip; the facts read from
// fixture trees.
#include "suite/suite_plan.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string_view>

#include "benchmarks/benchmark_table.hpp"

namespace iprobe {
namespace {
namespace fs = std::filesystem;

// A machine that can run everything.
MachineFacts everything() {
  MachineFacts f;
  f.host.root = true;
  f.host.tracefs_supported = true;
  f.host.modules_supported = true;
  f.host.patch_hook = true;
  f.qemu.guest_kernel = "/build/guest/bzImage";
  f.qemu.guest_kernel_found = true;
  f.hermitux.prefix_given = true;
  return f;
}

std::vector<std::string> step_names(const SuitePlan& plan) {
  std::vector<std::string> names;
  for (const SuiteStep& s : plan.steps) names.push_back(s.name);
  return names;
}

const SuiteStep* step(const SuitePlan& plan, const std::string& name) {
  for (const SuiteStep& s : plan.steps)
    if (s.name == name) return &s;
  return nullptr;
}

std::string skip_reason(const SuitePlan& plan, const std::string& name) {
  for (const SuiteSkip& s : plan.skipped)
    if (s.name == name) return s.reason;
  return "(not skipped)";
}

bool has_args(const SuiteStep& s, const std::vector<std::string>& args) {
  return std::search(s.args.begin(), s.args.end(), args.begin(), args.end()) != s.args.end();
}

TEST(SuitePlan, EveryKindRunsInEveryScenarioOfItsRowOnAMachineThatHasEverything) {
  const SuitePlan plan = plan_suite(everything(), {});
  // Nothing of a kind in the table is skipped on a machine that has everything.
  for (const SuiteSkip& s : plan.skipped)
    EXPECT_FALSE(value_in(kBenchmarkNames, s.name.substr(0, s.name.find('-')))) << s.name;
  // From the table of kinds, not from a list of today's: a new kind is planned without changes.
  for (const BenchmarkKind& kind : benchmark_kinds())
    for (const ScenarioRunner& runner : kind.runners) {
      const std::string base = name(kind.benchmark) + "-" + name(runner.scenario);
      EXPECT_TRUE(std::any_of(plan.steps.begin(), plan.steps.end(), [&](const SuiteStep& s) {
        return s.name.rfind(base, 0) == 0;
      })) << base;
    }
  for (const SuiteStep& s : plan.steps) {
    EXPECT_TRUE(has_args(s, {"--benchmark", name(s.benchmark), "--scenario", name(s.scenario)}))
        << s.name;
    EXPECT_GT(s.estimate_seconds, 0) << s.name;
  }
}

TEST(SuitePlan, TheInterpositionBenchmarkIsPlannedFromItsRowAndSkipKnowsIt) {
  const SuitePlan plan = plan_suite(everything(), {});
  EXPECT_EQ(skip_reason(plan, "interpose-linux"), "(not skipped)");
  EXPECT_TRUE(std::any_of(plan.steps.begin(), plan.steps.end(), [](const SuiteStep& s) {
    return s.name.rfind("interpose-linux", 0) == 0;
  }));
  SuiteRequest request;
  request.left_out = {"interpose"};  // a name --skip knows
  EXPECT_NO_THROW(plan_suite(everything(), request));
}

TEST(SuitePlan, HostFirstRoundTripBeforeTheProbesEachProbeItsOwnStep) {
  const std::vector<std::string> names = step_names(plan_suite(everything(), {}));
  auto at = [&](const std::string& n) {
    return std::find(names.begin(), names.end(), n) - names.begin();
  };
  ASSERT_LT(at("entry-linux-module"), static_cast<long>(names.size()));
  EXPECT_EQ(at("roundtrip-linux"), 0);
  EXPECT_LT(at("roundtrip-linux"), at("entry-linux-tracepoint"));
  EXPECT_LT(at("entry-linux-tracepoint"), at("entry-linux-patch"));
  EXPECT_LT(at("entry-linux-patch"), at("entry-linux-module"));
  // The guests after every host step, HermiTux last.
  std::size_t last_host = 0;
  std::size_t first_guest = names.size();
  for (std::size_t i = 0; i < names.size(); ++i) {
    const bool host = names[i].find("-linux-qemu") == std::string::npos &&
                      names[i].find("-hermitux") == std::string::npos;
    if (host) last_host = i;
    if (!host) first_guest = std::min(first_guest, i);
  }
  EXPECT_LT(last_host, first_guest);
  EXPECT_LT(at("roundtrip-linux-qemu"), at("entry-hermitux"));
}

TEST(SuitePlan, NotRootSkipsEveryHostProbeButNotTheRoundTrip) {
  MachineFacts f = everything();
  f.host.root = false;
  const SuitePlan plan = plan_suite(f, {});
  for (const char* probe : {"tracepoint", "patch", "module"})
    EXPECT_EQ(skip_reason(plan, std::string("entry-linux-") + probe).rfind("not root", 0), 0u)
        << probe;
  EXPECT_NE(step(plan, "roundtrip-linux"), nullptr);
}

TEST(SuitePlan, EachMissingHostProbeIsOneLineSayingWhy) {
  MachineFacts f = everything();
  f.host.tracefs_supported = false;
  f.host.modules_supported = false;
  f.host.patch_hook = false;
  const SuitePlan plan = plan_suite(f, {});
  EXPECT_NE(skip_reason(plan, "entry-linux-tracepoint").find("no tracefs support"),
            std::string::npos);
  EXPECT_NE(skip_reason(plan, "entry-linux-module").find("cannot load modules"), std::string::npos);
  EXPECT_NE(skip_reason(plan, "entry-linux-patch").find("no ioctl_probe hook"), std::string::npos);
  f = everything();
  f.host.probe_module_missing = "no ioctl_probe module for the running kernel 6.1";
  f.host.syscall_events_missing = "the kernel has no syscall tracepoints";
  const SuitePlan missing = plan_suite(f, {});
  EXPECT_EQ(skip_reason(missing, "entry-linux-module"), f.host.probe_module_missing);
  EXPECT_EQ(skip_reason(missing, "entry-linux-tracepoint"), f.host.syscall_events_missing);
  for (const SuiteSkip& s : missing.skipped) EXPECT_EQ(s.reason.find('\n'), std::string::npos);
}

TEST(SuitePlan, NoQemuOrNoGuestKernelSkipsTheWholeScenario) {
  MachineFacts f = everything();
  f.qemu.qemu_missing = "qemu-system-x86_64 not found: install it";
  SuitePlan plan = plan_suite(f, {});
  EXPECT_EQ(skip_reason(plan, "entry-linux-qemu"),
            "no QEMU: qemu-system-x86_64 not found: install it");
  EXPECT_EQ(skip_reason(plan, "roundtrip-linux-qemu"), skip_reason(plan, "entry-linux-qemu"));
  f = everything();
  f.qemu.guest_kernel_found = false;
  f.qemu.installed = true;
  plan = plan_suite(f, {});
  const std::string why = skip_reason(plan, "entry-linux-qemu");
  EXPECT_EQ(why.rfind("no guest kernel: /build/guest/bzImage not found", 0), 0u) << why;
  EXPECT_NE(why.find("package ships none"), std::string::npos) << why;
  EXPECT_NE(why.find("--kernel"), std::string::npos) << why;
}

TEST(SuitePlan, NoHermituxPrefixOrNoKvm) {
  MachineFacts f = everything();
  f.hermitux.prefix_given = false;
  SuitePlan plan = plan_suite(f, {});
  EXPECT_NE(skip_reason(plan, "entry-hermitux").find("no HermiTux prefix"), std::string::npos);
  EXPECT_NE(skip_reason(plan, "roundtrip-hermitux").find("no HermiTux prefix"), std::string::npos);
  f = everything();
  f.hermitux.kvm_problem = "/dev/kvm is missing";
  plan = plan_suite(f, {});
  EXPECT_EQ(skip_reason(plan, "entry-hermitux"), "no KVM for uhyve: /dev/kvm is missing");
}

TEST(SuitePlan, QuickSizesAndScenarioArguments) {
  SuiteRequest request;
  request.size = SuiteSize::kQuick;
  request.scenario_args = {{ScenarioId::kLinuxQemu, {"--kernel", "/k/bzImage"}},
                           {ScenarioId::kHermitux, {"--hermitux-prefix", "/hx"}}};
  const SuitePlan plan = plan_suite(everything(), request);
  EXPECT_TRUE(has_args(*step(plan, "roundtrip-linux"), {"--iterations", "10000", "--runs", "3"}));
  EXPECT_TRUE(has_args(*step(plan, "entry-linux-tracepoint"),
                       {"--probe", "tracepoint", "--iterations", "10000"}));
  EXPECT_TRUE(has_args(*step(plan, "entry-linux-qemu"), {"--iterations", "1000"}));
  EXPECT_TRUE(has_args(*step(plan, "roundtrip-linux-qemu"), {"--kernel", "/k/bzImage"}));
  EXPECT_FALSE(has_args(*step(plan, "roundtrip-linux"), {"--kernel"}));
  EXPECT_TRUE(has_args(*step(plan, "entry-hermitux"), {"--hermitux-prefix", "/hx"}));
  const SuitePlan full = plan_suite(everything(), {});
  EXPECT_TRUE(has_args(*step(full, "entry-linux-tracepoint"), {"--iterations", "100000"}));
  EXPECT_FALSE(has_args(*step(full, "roundtrip-linux"), {"--runs"}));  // the kind's defaults
}

TEST(SuitePlan, SkipLeavesOutScenariosKindsAndStepsAndRefusesUnknownNames) {
  SuiteRequest request;
  request.left_out = {"linux-qemu", "entry-linux-patch", "hermitux"};
  const SuitePlan plan = plan_suite(everything(), request);
  EXPECT_EQ(skip_reason(plan, "roundtrip-linux-qemu"), "left out with --skip linux-qemu");
  EXPECT_EQ(skip_reason(plan, "entry-linux-patch"), "left out with --skip entry-linux-patch");
  EXPECT_EQ(skip_reason(plan, "entry-hermitux"), "left out with --skip hermitux");
  EXPECT_NE(step(plan, "entry-linux-module"), nullptr);
  request.left_out = {"entry"};
  for (const SuiteStep& s : plan_suite(everything(), request).steps)
    EXPECT_NE(s.benchmark, Benchmark::kEntry) << s.name;
  request.left_out = {"linux-kvm"};
  EXPECT_THROW(plan_suite(everything(), request), std::invalid_argument);
}

TEST(SuitePlan, ScenarioChecksJudgeTheFacts) {
  MachineFacts f = everything();
  EXPECT_EQ(scenario_unavailable(ScenarioId::kLinux, f), "");
  EXPECT_EQ(scenario_unavailable(ScenarioId::kLinuxQemu, f), "");
  f.qemu.guest_kernel_found = false;
  EXPECT_NE(scenario_unavailable(ScenarioId::kLinuxQemu, f).find("make -f Makefile.kernel guest"),
            std::string::npos);
}

class FixtureRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("iprobe_suite_facts_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "proc/sys/kernel");
    fs::create_directories(root_ / "boot");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& file, const std::string& text) const {
    fs::create_directories((root_ / file).parent_path());
    std::ofstream(root_ / file) << text;
  }
  fs::path root_;
};

TEST_F(FixtureRoot, FactsOfAKernelWithTracefsWithoutModules) {
  write("proc/filesystems", "nodev\tsysfs\nnodev\ttracefs\n\text4\n");
  const HostProbeFacts f = read_host_probe_facts(root_);
  EXPECT_FALSE(f.root);  // never the fixture's: the user id is the running system's
  EXPECT_TRUE(f.tracefs_supported);
  EXPECT_FALSE(f.modules_supported);
  EXPECT_FALSE(f.patch_hook);
  EXPECT_EQ(f.syscall_events_missing, "");  // unknown without the kernel's config
}

TEST_F(FixtureRoot, FactsOfAKernelWithoutTracefsWithModulesDisabledAndTheHook) {
  write("proc/filesystems", "nodev\tsysfs\n\text4\n");
  write("proc/modules", "");
  write("proc/sys/kernel/modules_disabled", "1\n");
  write("sys/module/ioctl_probe_hook/parameters/mode", "off\n");
  write("boot/config-fixture", "CONFIG_FTRACE=y\n# CONFIG_FTRACE_SYSCALLS is not set\n");
  HostProbeFacts f = read_host_probe_facts(root_);
  EXPECT_FALSE(f.tracefs_supported);
  EXPECT_TRUE(f.modules_supported);
  EXPECT_TRUE(f.modules_disabled);
  EXPECT_TRUE(f.patch_hook);
  EXPECT_NE(f.syscall_events_missing.find("CONFIG_FTRACE_SYSCALLS is not set"), std::string::npos);
  f.root = true;
  EXPECT_EQ(host_probe_unavailable(Probe::kPatch, f), "");
  EXPECT_NE(host_probe_unavailable(Probe::kModule, f).find("modules_disabled"), std::string::npos);
  EXPECT_NE(host_probe_unavailable(Probe::kTracepoint, f).find("no tracefs"), std::string::npos);
}

}  // namespace
}  // namespace iprobe
