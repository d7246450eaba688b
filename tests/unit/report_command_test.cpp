#include "app/report_command.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "benchmarks/entry/entry_capture.hpp"
#include "benchmarks/entry/entry_results.hpp"
#include "benchmarks/interpose/interpose_capture.hpp"
#include "benchmarks/roundtrip/roundtrip_capture.hpp"
#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "export/exporters.hpp"
#include "plot/plot_gnuplot.hpp"
#include "util/file_util.hpp"

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

LoopRun usable_run(const std::string& variant, uint32_t run, uint64_t cycles) {
  LoopRun r;
  r.name = variant;
  r.run = run;
  r.total = LoopTotal{run, 1000, cycles, 1, 1, 0, 0};
  r.floor = TscFloor{20 + run, 24 + run, 1000};
  r.cycles_per_call = static_cast<double>(cycles) / 1000.0;
  return r;
}

// Round-trip results as the live run builds them: aggregated variants, one failed run, a
// missing variant, warnings and an environment.
Results live_roundtrip_results() {
  Results r;
  r.header.benchmark = Benchmark::kRoundtrip;
  r.header.scenario = "linux";
  r.header.iterations = 1000;
  r.header.warmup = 100;
  r.header.cpu = 1;
  auto kind = std::make_unique<RoundtripResults>();
  kind->runs = 3;
  const std::vector<std::pair<std::string, std::vector<uint64_t>>> cycles = {
      {"raw", {455123, 470456, 481789}}, {"fncall-same", {6001, 6002, 6100}}};
  for (const auto& [name, totals] : cycles) {
    std::vector<LoopRun> runs;
    for (uint32_t i = 0; i < totals.size(); ++i) runs.push_back(usable_run(name, i + 1, totals[i]));
    kind->variants.push_back(aggregate_loop_runs(name, "/usr/lib/roundtrip-loop-" + name, runs,
                                                 kind->outlier_factor, r.header.warnings));
  }
  LoopRun failed;
  failed.name = "freestanding";
  failed.run = 1;
  failed.failure = "no loop total";
  kind->variants.push_back(aggregate_loop_runs(
      "freestanding", "/usr/lib/roundtrip-loop-freestanding", {failed}, 1.5, r.header.warnings));
  kind->missing_variants = {"libc-musl"};
  r.header.environment = test_environment();
  r.header.warnings.emplace_back("a warning of the run itself");
  r.header.extra = {{"wall_seconds", "1.25"}};
  kind->finish();
  r.kind = std::move(kind);
  return r;
}

// Entry results as the live run builds them, with every part of the table filled.
Results live_entry_results() {
  Results r;
  r.header.scenario = "linux-qemu";
  r.header.iterations = 40;
  r.header.run_id = 0x00c0ffee;
  auto kind = std::make_unique<EntryResults>();
  EntrySummary& s = kind->summary;
  s.named_probes = {Probe::kModule};
  s.mode = Mode::kBuffer;
  s.loop = "entry-loop-freestanding";
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
  r.header.environment = test_environment();
  r.header.warnings = {"first warning", "second warning"};
  r.header.extra = {{"wall_seconds", "0.50"}};
  r.kind = std::move(kind);
  return r;
}

std::string table_of(const Results& r) {
  std::ostringstream out;
  write_outputs(r, ExportTarget{"/nonexistent", out}, {Output::kTable});
  return out.str();
}

// summary.json and the CSV of the live results into dir.
void write_files(const Results& r, const fs::path& dir) {
  std::ostringstream out;
  write_outputs(r, ExportTarget{dir, out}, {Output::kSummaryJson, Output::kCsv});
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
  dir.copy_fixture("roundtrip");
  dir.write("runs.csv", "");
  const Outcome o = report(dir.path());
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find("runs.csv is empty; the file is corrupted"), std::string::npos);
}

TEST(ReportCommandTest, RoundtripTableIsTheLiveTable) {
  ScratchDir dir("roundtrip");
  const Results r = live_roundtrip_results();
  write_files(r, dir.path());
  ASSERT_TRUE(fs::exists(dir.path() / "runs.csv"));
  const std::string live = table_of(r);
  ASSERT_NE(live.find("fncall-same"), std::string::npos) << live;
  ASSERT_NE(live.find("no usable run"), std::string::npos) << live;
  const Outcome o = report(dir.path());
  EXPECT_EQ(o.status, 0) << o.err;
  const std::string head = report_head(dir.path(), "roundtrip");
  EXPECT_EQ(o.out.substr(0, head.size() + live.size()), head + live) << o.out;
  if (find_gnuplot()) {
    EXPECT_NE(o.out.find("roundtrip.png"), std::string::npos);
    EXPECT_TRUE(fs::exists(dir.path() / "roundtrip.svg"));
  } else {
    EXPECT_NE(o.err.find("gnuplot not found"), std::string::npos);
  }
}

TEST(ReportCommandTest, EntryTableIsTheLiveTable) {
  ScratchDir dir("entry");
  const Results r = live_entry_results();
  write_files(r, dir.path());
  fs::copy_file(kFixtures / "entry" / "pairs.csv", dir.path() / "pairs.csv");
  const std::string live = table_of(r);
  ASSERT_NE(live.find("printk dropped"), std::string::npos) << live;
  const Outcome o = report(dir.path());
  EXPECT_EQ(o.status, 0) << o.err;
  const std::string head = report_head(dir.path(), "");
  EXPECT_EQ(o.out.substr(0, head.size() + live.size()), head + live) << o.out;
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

// The live run's outputs, then `collector report` on a folder holding only its summary.json
// and CSV: the same table, and the same figures, file for file.
void expect_report_redraws_the_live_run(const Capture& capture, const fs::path& live_dir,
                                        const std::string& csv) {
  Results results = capture.summarize(live_dir);
  std::ostringstream live;
  write_outputs(results, ExportTarget{live_dir, live},
                {Output::kSummaryJson, Output::kCsv, Output::kPlots, Output::kTable});
  const fs::path again = live_dir / "again";
  fs::create_directories(again);
  for (const std::string file : {std::string("summary.json"), csv})
    fs::copy_file(live_dir / file, again / file);
  const Outcome o = report(again);
  EXPECT_EQ(o.status, 0) << o.err;
  const std::string table = table_of(results);
  EXPECT_NE(o.out.find(table), std::string::npos) << o.out;
  EXPECT_NE(live.str().find(table), std::string::npos);
  std::vector<fs::path> drawn;
  for (const auto& e : fs::recursive_directory_iterator(live_dir / "plot-data"))
    drawn.push_back(fs::relative(e.path(), live_dir));
  for (const auto& e : fs::directory_iterator(live_dir))
    if (e.path().extension() == ".svg" || e.path().extension() == ".png")
      drawn.push_back(e.path().filename());
  EXPECT_GE(drawn.size(), 2u);  // at least a data file and a script per figure
  for (const fs::path& file : drawn) {
    ASSERT_TRUE(fs::exists(again / file)) << file;
    EXPECT_EQ(read_text_file(again / file), read_text_file(live_dir / file)) << file;
  }
}

TEST(ReportCommandTest, ReportGivesTheLiveEntryRunsOutputs) {
  ScratchDir dir("live_entry");
  EntryCapture capture;
  capture.scenario = "parse";
  capture.user_logs = {fs::path(IPROBE_FIXTURE_DIR) / "loop_stdout.txt"};
  capture.kernel_logs = {fs::path(IPROBE_FIXTURE_DIR) / "kmsg_raw.txt"};
  expect_report_redraws_the_live_run(capture, dir.path(), "pairs.csv");
}

TEST(ReportCommandTest, ReportGivesTheLiveRoundtripRunsOutputs) {
  ScratchDir dir("live_roundtrip");
  fs::create_directories(dir.path() / "raw");
  RoundtripCapture capture;
  capture.scenario = "linux";
  capture.iterations = 1000;
  capture.runs = 3;
  capture.cpu = 1;
  capture.programs = {{"raw", "/bin/roundtrip-loop-raw"},
                      {"fncall-same", "/bin/roundtrip-loop-fncall-same"}};
  const std::vector<uint64_t> totals = {471000, 452000, 465000, 6010, 7020, 5990};
  for (uint32_t run = 1; run <= 3; ++run) {
    for (std::size_t v = 0; v < 2; ++v) {
      const std::string id = "0000100" + std::to_string(run * 2 + v);
      write_text_file(loop_log_path(dir.path() / "raw", capture.programs[v].first, run),
                      "ioprobe run " + id + " iterations=1000 warmup=0 cpu=1 variant=" +
                          capture.programs[v].first + " cmd=0xb850 format=2\n" +
                          "ioprobe floor min=60 p50=70 samples=1000\nioprobe total " + id +
                          " calls=1000 cycles=" + std::to_string(totals[v * 3 + run - 1]) +
                          " cpu_start=1 cpu_end=1 migrations=0 errors=0\n");
    }
  }
  expect_report_redraws_the_live_run(capture, dir.path(), "runs.csv");
}

// A captured interposition run (tests/fixtures/interpose): the report of its summary.json and
// runs.csv redraws the live run's table and figures byte for byte.
TEST(ReportCommandTest, ReportGivesTheLiveInterposeRunsOutputs) {
  ScratchDir dir("live_interpose");
  fs::copy(fs::path(IPROBE_FIXTURE_DIR) / "interpose", dir.path(), fs::copy_options::recursive);
  const InterposeCapture capture = InterposeCapture::read_record(dir.path() / "raw");
  expect_report_redraws_the_live_run(capture, dir.path(), "runs.csv");
  EXPECT_TRUE(fs::exists(dir.path() / "again" / "plot-data" / "interpose-nosys.dat"));
}

TEST(ReportCommandTest, Arguments) {
  EXPECT_EQ(run_report_main({}), 2);
  EXPECT_EQ(run_report_main({"a", "b"}), 2);
  EXPECT_EQ(run_report_main({"--bogus"}), 2);
}

}  // namespace
}  // namespace iprobe
