// `collector suite`'s parts besides the plan: the progress estimate, the grouping of runs into
// compare figures (emulated and hardware cycles never together), suite.json read back.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "suite/suite_compare.hpp"
#include "suite/suite_progress.hpp"
#include "suite/suite_record.hpp"

namespace iprobe {
namespace {
namespace fs = std::filesystem;

TEST(SuiteProgress, DurationsReadAsMinutesAndHours) {
  EXPECT_EQ(duration_text(0.4), "0 s");
  EXPECT_EQ(duration_text(59.4), "59 s");
  EXPECT_EQ(duration_text(185), "3 min 05 s");
  EXPECT_EQ(duration_text(3720), "1 h 02 min");
}

TEST(SuiteProgress, WhatIsLeftIsScaledByTheStepsDone) {
  SuiteProgress p({"a", "b", "c"}, {10, 20, 30}, nullptr);
  EXPECT_DOUBLE_EQ(p.seconds_left(0, 0), 60);
  EXPECT_DOUBLE_EQ(p.seconds_left(0, 4), 56);
  p.ended(0, 20, "ok");  // twice its prior: the others are expected twice as long too
  EXPECT_DOUBLE_EQ(p.seconds_left(1, 0), 100);
  EXPECT_DOUBLE_EQ(p.seconds_left(1, 50), 60);  // b's share is used up first
  EXPECT_DOUBLE_EQ(p.seconds_left(1, 70), 60);  // an overrun does not eat c's share
  p.ended(1, 400, "ok");                        // scale clamped at 5
  EXPECT_DOUBLE_EQ(p.seconds_left(2, 0), 150);
  EXPECT_DOUBLE_EQ(p.seconds_left(3, 0), 0);
}

TEST(SuiteProgress, LinesSayStepOfNAndWhatIsLeftQuietSaysNothing) {
  std::ostringstream out;
  SuiteProgress p({"roundtrip-linux", "entry-linux-tracepoint"}, {5, 5}, &out);
  p.started(0);
  p.ended(0, 5, "ok");
  p.started(1);
  EXPECT_NE(out.str().find("suite: step 1/2 roundtrip-linux: starts; elapsed 0 s, about 10 s left"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("suite: step 1/2 roundtrip-linux: ok in 5 s"), std::string::npos);
  EXPECT_NE(out.str().find("step 2/2 entry-linux-tracepoint: starts"), std::string::npos);
  SuiteProgress quiet({"a"}, {1}, nullptr);
  quiet.started(0);  // writes nowhere, and does not crash
}

CompareFolder folder(const std::string& name, const std::string& cpu, const std::string& accel) {
  CompareFolder f;
  f.folder = name;
  f.environment.cpu_model = cpu;
  f.environment.tsc_khz = "2000000";
  f.environment.accel = accel;
  return f;
}

TEST(SuiteCompare, EmulatedAndHardwareCyclesGetTheirOwnFigures) {
  const std::vector<CompareFolder> folders{
      folder("roundtrip-linux", "Xeon", ""), folder("entry-linux-qemu", "QEMU TCG", "tcg"),
      folder("entry-linux-tracepoint", "Xeon", ""),
      folder("roundtrip-linux-qemu", "QEMU TCG", "tcg"), folder("elsewhere", "EPYC", "")};
  const std::vector<CompareGroup> groups = compare_groups(folders);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].folder, "compare-hardware");
  EXPECT_EQ(groups[0].cycles, "hardware");
  EXPECT_EQ(groups[0].members, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(groups[1].folder, "compare-emulated");
  EXPECT_EQ(groups[1].cycles, "emulated (tcg)");
  EXPECT_EQ(groups[1].members, (std::vector<std::size_t>{1, 3}));
  EXPECT_EQ(groups[2].folder, "compare-hardware-2");  // another CPU: never in the same figure
  EXPECT_TRUE(compare_groups({}).empty());
}

TEST(SuiteRecord, WrittenAndReadBack) {
  SuiteRecord r;
  r.command = "collector suite --quick";
  r.quick = true;
  r.started = "2025-01-01T00:00:00Z";
  r.finished = "2025-01-01T00:01:00Z";
  r.wall_seconds = 60.5;
  r.exit_status = 1;
  r.host = "box";
  r.machine.cpu_model = "Test CPU";
  r.machine_warnings = {"under a hypervisor"};
  r.facts = facts_json(MachineFacts{});
  r.steps = {SuiteStep{"roundtrip-linux",
                       Benchmark::kRoundtrip,
                       ScenarioId::kLinux,
                       {"--benchmark", "roundtrip", "--scenario", "linux"},
                       0,
                       3}};
  r.outcomes = {StepOutcome{StepOutcome::Status::kFailed, 1, 2.5, "2025-01-01T00:00:01Z", "boom"}};
  r.skipped = {{"entry-linux-module", "the kernel cannot load modules"}};
  r.comparisons = {{"compare-hardware", "hardware", {"roundtrip-linux"}, 0}};
  r.notes = {"a note"};
  const fs::path file =
      fs::temp_directory_path() / ("iprobe_suite_record_" + std::to_string(::getpid()) + ".json");
  write_suite_record(file, r);
  const SuiteRecord back = read_suite_record(file);
  fs::remove(file);
  EXPECT_EQ(back.command, r.command);
  EXPECT_TRUE(back.quick);
  EXPECT_EQ(back.exit_status, 1);
  EXPECT_EQ(back.machine.cpu_model, "Test CPU");
  ASSERT_EQ(back.steps.size(), 1u);
  EXPECT_EQ(back.steps[0].name, "roundtrip-linux");
  EXPECT_EQ(back.steps[0].benchmark, Benchmark::kRoundtrip);
  EXPECT_EQ(back.outcomes[0].status, StepOutcome::Status::kFailed);
  EXPECT_EQ(back.outcomes[0].error, "boom");
  EXPECT_DOUBLE_EQ(back.outcomes[0].wall_seconds, 2.5);
  ASSERT_EQ(back.skipped.size(), 1u);
  EXPECT_EQ(back.skipped[0].reason, "the kernel cannot load modules");
  ASSERT_EQ(back.comparisons.size(), 1u);
  EXPECT_EQ(back.comparisons[0].runs, std::vector<std::string>{"roundtrip-linux"});
  EXPECT_EQ(back.notes, r.notes);
  EXPECT_FALSE(back.facts.at("root").get<bool>());
}

TEST(SuiteRecord, ANonSuiteFileIsRefusedNamingIt) {
  const fs::path file =
      fs::temp_directory_path() / ("iprobe_not_suite_" + std::to_string(::getpid()) + ".json");
  { std::ofstream(file) << "{\"scenario\": \"linux\"}\n"; }
  try {
    read_suite_record(file);
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
  fs::remove(file);
}

}  // namespace
}  // namespace iprobe
