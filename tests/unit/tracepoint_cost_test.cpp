// tracepoint_cost from the three loop outputs of a --probe tracepoint run: per-call round trips
// (u_after - u_before) with the events on and, before and after, off.
#include "benchmarks/entry/tracepoint_cost.hpp"

#include <gtest/gtest.h>
#include <ioctl_probe/ioctl_probe.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "util/file_util.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

// A loop output of run `run` whose calls took `cycles` each, as entry-loop prints it.
std::string loop_output(uint32_t run, const std::vector<uint64_t>& cycles) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, IOPROBE_RUN_FMT, run, static_cast<unsigned>(cycles.size()), 10u,
                1, "raw", 0xb850u, 2u);
  out += line;
  uint64_t tsc = 1'000'000;
  for (std::size_t i = 0; i < cycles.size(); ++i) {
    std::snprintf(line, sizeof line, IOPROBE_USTAMP_FMT, run, static_cast<unsigned>(i), 1u,
                  static_cast<unsigned long long>(tsc),
                  static_cast<unsigned long long>(tsc + cycles[i]));
    out += line;
    tsc += cycles[i] + 50;
  }
  return out;
}

class TracepointCostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / "iprobe_tracepoint_cost_test";
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) {
    write_text_file(dir_ / name, text);
    return dir_ / name;
  }
  fs::path dir_;
};

TEST_F(TracepointCostTest, TracedMinusTheMeanOfBeforeAndAfter) {
  const fs::path traced = write("user.log", loop_output(0xa, {640, 642, 650, 642, 9000}));
  const fs::path before = write("untraced-before.log", loop_output(0xb, {246, 246, 250}));
  const fs::path after = write("untraced-after.log", loop_output(0xc, {250, 252, 250}));
  std::vector<std::string> warnings;
  const TracepointCost cost = tracepoint_cost(traced, before, after, 1, warnings);
  EXPECT_EQ(cost.with_events.cycles.p50, 642);
  EXPECT_EQ(cost.with_events.cycles.n, 5u);
  EXPECT_EQ(cost.with_events.log, "user.log");
  EXPECT_EQ(cost.without_before.cycles.p50, 246);
  EXPECT_EQ(cost.without_after.cycles.p50, 250);
  EXPECT_DOUBLE_EQ(cost.p50_cycles(), 642 - 248);
  EXPECT_EQ(cost.cpu, 1);
  EXPECT_TRUE(warnings.empty());
}

TEST_F(TracepointCostTest, OnlyTheFirstRunOfAFileCounts) {
  const fs::path log =
      write("two-runs.log", loop_output(0xa, {100, 100, 100}) + loop_output(0xb, {900, 900}));
  const LoopRoundTrip r = loop_round_trip(log);
  EXPECT_EQ(r.cycles.n, 3u);
  EXPECT_EQ(r.cycles.max, 100);
}

TEST_F(TracepointCostTest, UntracedRunsThatDisagreeMakeTheCostUncertain) {
  const fs::path traced = write("user.log", loop_output(0xa, {640, 642}));
  const fs::path before = write("b.log", loop_output(0xb, {246, 246}));
  const fs::path after = write("a.log", loop_output(0xc, {300, 300}));
  std::vector<std::string> warnings;
  tracepoint_cost(traced, before, after, 1, warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("246 cycles at p50 before the traced run and 300 after"),
            std::string::npos)
      << warnings[0];
}

TEST_F(TracepointCostTest, AnOutputWithoutStampsIsRefusedNamingIt) {
  const fs::path empty = write("untraced-after.log", "ioprobe floor min=60 p50=70 samples=10\n");
  try {
    loop_round_trip(empty);
    FAIL() << "no stamps, yet a round trip";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("untraced-after.log holds no stamp"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(loop_round_trip(dir_ / "missing.log"), std::runtime_error);
}

}  // namespace
}  // namespace iprobe
