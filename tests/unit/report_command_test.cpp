#include "app/report_command.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "plot/plot_gnuplot.hpp"
#include "report/report_output.hpp"
#include "report/roundtrip.hpp"

namespace iprobe {
namespace {
namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(IPROBE_FIXTURE_DIR) / "results";

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name) {
    path_ =
        fs::temp_directory_path() / ("iprobe_report_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }
  void copy_fixture(const std::string& fixture) const {
    fs::copy(kFixtures / fixture, path_, fs::copy_options::recursive);
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
  }

 private:
  fs::path path_;
};

struct Outcome {
  int status = 0;
  std::string out;
  std::string err;
};

Outcome report(const fs::path& dir) {
  std::ostringstream out;
  std::ostringstream err;
  Outcome o;
  o.status = run_report_command(dir, out, err);
  o.out = out.str();
  o.err = err.str();
  return o;
}

int lines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

Environment test_environment() {
  Environment e;
  e.kernel = "6.1.0-test";
  e.cpu_model = "Test CPU @ 2.00GHz";
  e.tsc_flags = {"constant_tsc", "nonstop_tsc"};
  e.tsc_khz = "2000000";
  e.hypervisor = "KVMKVMKVM";
  e.accel = "tcg";
  e.cpu = 1;
  e.mitigations = {{"meltdown", "Not affected"}, {"spectre_v2", "Mitigation: Retpolines"}};
  return e;
}

RoundtripRunResult usable_run(const std::string& variant, uint32_t run, uint64_t cycles) {
  RoundtripRunResult r;
  r.variant = variant;
  r.run = run;
  r.total = LoopTotal{run, 1000, cycles, 1, 1, 0, 0};
  r.floor = TscFloor{20 + run, 24 + run, 1000};
  r.cycles_per_call = static_cast<double>(cycles) / 1000.0;
  return r;
}

// A round-trip summary as the live run builds it: aggregated variants, one failed run, a
// missing variant, warnings and an environment.
RoundtripSummary live_roundtrip_summary() {
  RoundtripSummary s;
  s.scenario = "linux";
  s.iterations = 1000;
  s.warmup = 100;
  s.runs = 3;
  s.cpu = 1;
  const std::vector<std::pair<std::string, std::vector<uint64_t>>> cycles = {
      {"raw", {455123, 470456, 481789}}, {"fncall-same", {6001, 6002, 6100}}};
  for (const auto& [name, totals] : cycles) {
    std::vector<RoundtripRunResult> runs;
    for (uint32_t i = 0; i < totals.size(); ++i) runs.push_back(usable_run(name, i + 1, totals[i]));
    s.variants.push_back(
        aggregate_variant(name, "/usr/lib/loop-" + name, runs, s.outlier_factor, s.warnings));
  }
  RoundtripRunResult failed;
  failed.variant = "freestanding";
  failed.run = 1;
  failed.failure = "no loop total";
  s.variants.push_back(
      aggregate_variant("freestanding", "/usr/lib/loop-freestanding", {failed}, 1.5, s.warnings));
  s.missing_variants = {"libc-musl"};
  s.environment = test_environment();
  s.warnings.emplace_back("a warning of the run itself");
  s.extra = {{"wall_seconds", "1.25"}};
  finish_roundtrip_summary(s);
  return s;
}

// An entry summary as the live run builds it, with every part of the table filled.
Summary live_entry_summary() {
  Summary s;
  s.scenario = "linux-qemu";
  s.probe = "module";
  s.mode = "buffer";
  s.loop = "loop-entry-freestanding";
  s.iterations = 40;
  s.run_id = 0x00c0ffee;
  s.counts.expected = 40;
  s.counts.paired = 40;
  s.counts.rejected = 2;
  s.counts.rejected_by_reason[0] = 2;
  s.counts.cross_cpu = 1;
  s.counts.negative = 1;
  s.counts.printk_dropped = 3;
  s.counts.tsc_backwards_kernel = 1;
  s.foreign_runs = {0x12345678};
  s.latency = LatencyStats{39, -20, 158, 161.4871794871795, 240, 251, 37.25};
  s.tsc_floor = TscFloor{22, 25, 1000};
  s.total = LoopTotal{0x00c0ffee, 40, 20123, 1, 1, 0, 0};
  s.environment = test_environment();
  s.warnings = {"first warning", "second warning"};
  s.extra = {{"wall_seconds", "0.50"}};
  return s;
}

// What `collector report` prints before the plots: its header line, then the table.
std::string report_head(const fs::path& dir, const std::string& benchmark) {
  return "results " + dir.string() + (benchmark.empty() ? "" : "  benchmark=" + benchmark) +
         "  (TCG emulation: cycles are emulated cycles)\n";
}

TEST(ReportCommandTest, MissingFolder) {
  const Outcome o = report("/nonexistent/iprobe-results");
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.err,
            "collector report: /nonexistent/iprobe-results does not exist; give the folder a "
            "benchmark wrote with --output-dir\n");
  EXPECT_EQ(o.out, "");
}

TEST(ReportCommandTest, FileInsteadOfFolder) {
  const Outcome o = report(kFixtures / "roundtrip" / "runs.csv");
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find("is not a directory"), std::string::npos);
}

TEST(ReportCommandTest, FolderWithoutResults) {
  ScratchDir dir("empty");
  const Outcome o = report(dir.path());
  EXPECT_EQ(o.status, 1);
  const std::string d = dir.path().string();
  EXPECT_EQ(o.err, "collector report: " + d +
                       " holds no results: expected summary.json and pairs.csv or runs.csv; run "
                       "the collector with --output-dir " +
                       d + " first\n");
}

TEST(ReportCommandTest, SummaryWithoutCsv) {
  ScratchDir dir("summary_only");
  dir.write("summary.json", "{}\n");
  const Outcome o = report(dir.path());
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(lines(o.err), 1);
  EXPECT_NE(o.err.find("has summary.json but neither runs.csv nor pairs.csv"), std::string::npos);
  EXPECT_NE(o.err.find("raw/"), std::string::npos);
}

TEST(ReportCommandTest, CorruptedRunsCsv) {
  ScratchDir dir("corrupt");
  dir.copy_fixture("roundtrip");
  std::string text;
  {
    std::ifstream in(dir.path() / "runs.csv");
    std::string line;
    for (int i = 1; std::getline(in, line); ++i) text += (i == 16 ? "raw,9,1000,4" : line) + "\n";
  }
  dir.write("runs.csv", text);
  const Outcome o = report(dir.path());
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.err, "collector report: " + (dir.path() / "runs.csv").string() +
                       " line 16: expected 9 fields, got 4; the file is corrupted — re-run the "
                       "benchmark or restore it from raw/\n");
  EXPECT_EQ(o.out, "");
}

TEST(ReportCommandTest, CorruptedPairsCsv) {
  ScratchDir dir("corrupt_pairs");
  dir.copy_fixture("entry");
  dir.write("pairs.csv",
            "run,seq,cpu,kernel_cpu,user_tsc,kernel_tsc,delta\n00000001,0,1,1,10,20,x\n");
  const Outcome o = report(dir.path());
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(lines(o.err), 1);
  EXPECT_NE(o.err.find("pairs.csv line 2: field 7 (delta) is not an integer: 'x'"),
            std::string::npos);
}

TEST(ReportCommandTest, EmptyCsv) {
  ScratchDir dir("empty_csv");
  dir.write("summary.json", "{}\n");
  dir.write("runs.csv", "");
  const Outcome o = report(dir.path());
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find("runs.csv is empty; the file is corrupted"), std::string::npos);
}

TEST(ReportCommandTest, RoundtripTableIsTheLiveTable) {
  ScratchDir dir("roundtrip");
  const RoundtripSummary s = live_roundtrip_summary();
  write_roundtrip_summary_json(dir.path() / "summary.json", s);
  write_runs_csv(dir.path() / "runs.csv", s);
  std::ostringstream live;
  print_roundtrip_table(live, s);
  ASSERT_NE(live.str().find("fncall-same"), std::string::npos) << live.str();
  ASSERT_NE(live.str().find("no usable run"), std::string::npos) << live.str();
  const Outcome o = report(dir.path());
  EXPECT_EQ(o.status, 0) << o.err;
  const std::string head = report_head(dir.path(), "roundtrip");
  EXPECT_EQ(o.out.substr(0, head.size() + live.str().size()), head + live.str()) << o.out;
  if (find_gnuplot()) {
    EXPECT_NE(o.out.find("roundtrip.png"), std::string::npos);
    EXPECT_TRUE(fs::exists(dir.path() / "roundtrip.svg"));
  } else {
    EXPECT_NE(o.err.find("gnuplot not found"), std::string::npos);
  }
}

TEST(ReportCommandTest, EntryTableIsTheLiveTable) {
  ScratchDir dir("entry");
  const Summary s = live_entry_summary();
  write_summary_json(dir.path() / "summary.json", s);
  fs::copy_file(kFixtures / "entry" / "pairs.csv", dir.path() / "pairs.csv");
  std::ostringstream live;
  print_summary_table(live, s);
  ASSERT_NE(live.str().find("printk dropped"), std::string::npos) << live.str();
  const Outcome o = report(dir.path());
  EXPECT_EQ(o.status, 0) << o.err;
  const std::string head = report_head(dir.path(), "");
  EXPECT_EQ(o.out.substr(0, head.size() + live.str().size()), head + live.str()) << o.out;
  if (find_gnuplot()) EXPECT_TRUE(fs::exists(dir.path() / "entry_cdf.svg"));
}

TEST(ReportCommandTest, CsvWithoutSummary) {
  ScratchDir dir("no_summary");
  dir.copy_fixture("entry");
  fs::remove(dir.path() / "summary.json");
  const Outcome o = report(dir.path());
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.err, "collector report: " + dir.path().string() +
                       " has no summary.json, which the table is printed from; re-run the "
                       "benchmark (or `collector parse` the logs in " +
                       (dir.path() / "raw").string() + "/)\n");
  EXPECT_EQ(o.out, "");
}

TEST(ReportCommandTest, SummaryOfAnotherShape) {
  ScratchDir dir("other_summary");
  dir.copy_fixture("entry");
  dir.write("summary.json", R"({"scenario": "linux", "probe": 7})"
                            "\n");
  const Outcome o = report(dir.path());
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(lines(o.err), 1) << o.err;
  EXPECT_NE(o.err.find("summary.json is not a summary this collector wrote ("), std::string::npos)
      << o.err;
  EXPECT_EQ(o.out, "");
  dir.write("summary.json", "{\"benchmark\": \"roundtrip\", ");
  const Outcome broken = report(dir.path());
  EXPECT_EQ(broken.status, 1);
  EXPECT_NE(broken.err.find("summary.json is not valid JSON"), std::string::npos) << broken.err;
}

TEST(ReportCommandTest, Arguments) {
  EXPECT_EQ(run_report_main({}), 2);
  EXPECT_EQ(run_report_main({"a", "b"}), 2);
  EXPECT_EQ(run_report_main({"--bogus"}), 2);
}

}  // namespace
}  // namespace iprobe
