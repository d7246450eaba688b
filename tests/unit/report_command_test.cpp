#include "app/report_command.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "plot/plot_gnuplot.hpp"

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
  dir.write("runs.csv", "");
  const Outcome o = report(dir.path());
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find("runs.csv is empty; the file is corrupted"), std::string::npos);
}

TEST(ReportCommandTest, RoundtripTable) {
  ScratchDir dir("roundtrip");
  dir.copy_fixture("roundtrip");
  const Outcome o = report(dir.path());
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("benchmark=roundtrip  scenario=linux"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("round trip, TSC cycles per call (runs.csv)"), std::string::npos);
  // raw: 455 470 481 -> median 470; fastest median: fncall-same 6 -> 78.33x
  EXPECT_NE(o.out.find("raw              3     455.0     470.0"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("78.33"), std::string::npos) << o.out;
  if (find_gnuplot()) {
    EXPECT_NE(o.out.find("roundtrip.png"), std::string::npos);
    EXPECT_TRUE(fs::exists(dir.path() / "roundtrip.svg"));
  } else {
    EXPECT_NE(o.err.find("gnuplot not found"), std::string::npos);
  }
}

TEST(ReportCommandTest, EntryTableAndMissingSummaryWarning) {
  ScratchDir dir("entry");
  dir.copy_fixture("entry");
  fs::remove(dir.path() / "summary.json");
  const Outcome o = report(dir.path());
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.err.find("summary.json is missing"), std::string::npos);
  EXPECT_NE(o.out.find("40 pairs, 39 same-CPU, 1 cross-CPU left out, 1 negative"),
            std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("min -20  p50 158"), std::string::npos) << o.out;
}

TEST(ReportCommandTest, EntryBesideRoundtrip) {
  ScratchDir dir("both");
  dir.copy_fixture("roundtrip");
  fs::copy_file(kFixtures / "entry" / "pairs.csv", dir.path() / "pairs.csv");
  const Outcome o = report(dir.path());
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("entry vs round trip: entry p50 158 vs round trip median 470.0 (raw)"),
            std::string::npos)
      << o.out;
}

TEST(ReportCommandTest, Arguments) {
  EXPECT_EQ(run_report_main({}), 2);
  EXPECT_EQ(run_report_main({"a", "b"}), 2);
  EXPECT_EQ(run_report_main({"--bogus"}), 2);
}

}  // namespace
}  // namespace iprobe
