// The figures of a results folder, read back once (summary.json and the CSV) and drawn by the
// plots exporter.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "benchmarks/benchmark_table.hpp"
#include "benchmarks/entry/entry_results.hpp"
#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "export/exporters.hpp"
#include "plot/plot_gnuplot.hpp"
#include "results/json_file.hpp"

namespace iprobe {
namespace {
namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(IPROBE_FIXTURE_DIR) / "results";

// A copy of a fixture results folder, removed at the end of the test.
class ScratchResults {
 public:
  explicit ScratchResults(const std::string& fixture) {
    path_ =
        fs::temp_directory_path() / ("iprobe_plot_" + fixture + "_" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
    fs::copy(kFixtures / fixture, path_, fs::copy_options::recursive);
  }
  ~ScratchResults() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchResults(const ScratchResults&) = delete;
  ScratchResults& operator=(const ScratchResults&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void expect_svg(const fs::path& path) {
  const std::string text = slurp(path);
  EXPECT_EQ(text.rfind("<?xml", 0), 0u) << path;
  EXPECT_NE(text.find("<svg"), std::string::npos) << path;
  EXPECT_NE(text.find("</svg>"), std::string::npos) << path;
}

void expect_png(const fs::path& path) {
  const std::string text = slurp(path);
  ASSERT_GE(text.size(), 8u) << path;
  EXPECT_EQ(text.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << path;
}

Results load(const fs::path& dir) {
  return read_results(read_json_file(dir / "summary.json"), dir, ReadDepth::kWithSamples);
}

OutputReport draw(const fs::path& dir) {
  std::ostringstream out;
  return write_outputs(load(dir), ExportTarget{dir, out}, {Output::kPlots});
}

TEST(PlotsExportTest, LoadsFixtureFolders) {
  const Results rt = load(kFixtures / "roundtrip");
  EXPECT_EQ(rt.header.benchmark, Benchmark::kRoundtrip);
  EXPECT_EQ(rt.header.scenario, "linux");
  const auto& variants = dynamic_cast<const RoundtripResults&>(*rt.kind).variants;
  std::size_t with_totals = 0;
  for (const LoopSeries& v : variants)
    for (const LoopRun& r : v.runs) with_totals += r.usable() && r.total ? 1 : 0;
  EXPECT_EQ(with_totals, 15u);  // every row of runs.csv, matched to its run in summary.json

  const Results entry = load(kFixtures / "entry");
  const auto& e = dynamic_cast<const EntryResults&>(*entry.kind);
  EXPECT_EQ(e.summary.named_probes, std::vector<Probe>{Probe::kModule});
  EXPECT_EQ(e.samples.rows, 40u);
  EXPECT_EQ(e.samples.cross_cpu, 1u);
  EXPECT_EQ(e.samples.negative, 1u);
  EXPECT_TRUE(std::is_sorted(e.samples.same_cpu_deltas.begin(), e.samples.same_cpu_deltas.end()));
  EXPECT_FALSE(e.pairs);  // pairs.csv is the source: nothing to write it from
  EXPECT_TRUE(e.csv_files().empty());
}

TEST(PlotsExportTest, WithoutGnuplotWritesDataAndScriptsAndWarns) {
  ScratchResults dir("entry");
  const char* old = std::getenv("PATH");
  const std::string saved = old ? old : "";
  ::setenv("PATH", "/nonexistent-iprobe-test", 1);
  const OutputReport report = draw(dir.path());
  ::setenv("PATH", saved.c_str(), 1);
  EXPECT_TRUE(report.written.empty());
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_EQ(report.warnings[0], "gnuplot not found: apt-get install gnuplot-nox; plots skipped");
  EXPECT_TRUE(fs::exists(dir.path() / "plot-data" / "entry_hist.gp"));
  EXPECT_TRUE(fs::exists(dir.path() / "plot-data" / "entry_hist.dat"));
  EXPECT_TRUE(fs::exists(dir.path() / "plot-data" / "entry_cdf.gp"));
  // 39 same-CPU deltas; p99.9 is the largest, 1500: nothing beyond the clip.
  const std::string hist = slurp(dir.path() / "plot-data" / "entry_hist.dat");
  EXPECT_NE(hist.find("# lo -20 hi 1500 width 16 total 39 above_hi 0"), std::string::npos) << hist;
}

TEST(PlotsExportTest, DrawsRoundtripSvgAndPng) {
  if (!find_gnuplot())
    GTEST_SKIP() << "gnuplot not installed (scripts/install-deps.sh installs gnuplot-nox)";
  ScratchResults dir("roundtrip");
  const OutputReport report = draw(dir.path());
  EXPECT_TRUE(report.warnings.empty()) << report.warnings.front();
  EXPECT_EQ(report.written.size(), 2u);
  expect_svg(dir.path() / "roundtrip.svg");
  expect_png(dir.path() / "roundtrip.png");
  // 5..530 cycles: more than 50x apart, so the y axis is logarithmic.
  const std::string gp = slurp(dir.path() / "plot-data" / "roundtrip.gp");
  EXPECT_NE(gp.find("set logscale y"), std::string::npos);
  EXPECT_NE(gp.find("scenario linux"), std::string::npos);
  EXPECT_FALSE(fs::exists(kFixtures / "roundtrip" / "plot-data"));  // fixture untouched
}

TEST(PlotsExportTest, DrawsEntryHistogramAndCdf) {
  if (!find_gnuplot())
    GTEST_SKIP() << "gnuplot not installed (scripts/install-deps.sh installs gnuplot-nox)";
  ScratchResults dir("entry");
  const OutputReport report = draw(dir.path());
  EXPECT_TRUE(report.warnings.empty()) << report.warnings.front();
  EXPECT_EQ(report.written.size(), 4u);
  expect_svg(dir.path() / "entry_hist.svg");
  expect_png(dir.path() / "entry_hist.png");
  expect_svg(dir.path() / "entry_cdf.svg");
  expect_png(dir.path() / "entry_cdf.png");
}

TEST(PlotsExportTest, KeptScriptReRunsFromTheResultsFolder) {
  const auto gnuplot = find_gnuplot();
  if (!gnuplot)
    GTEST_SKIP() << "gnuplot not installed (scripts/install-deps.sh installs gnuplot-nox)";
  ScratchResults dir("roundtrip");
  draw(dir.path());
  fs::remove(dir.path() / "roundtrip.png");
  EXPECT_EQ(run_gnuplot(*gnuplot, "plot-data/roundtrip.gp", dir.path(),
                        dir.path() / "plot-data" / "rerun.log"),
            "");
  expect_png(dir.path() / "roundtrip.png");
}

TEST(PlotsExportTest, GnuplotFailureIsReportedWithTheLog) {
  const auto gnuplot = find_gnuplot();
  if (!gnuplot)
    GTEST_SKIP() << "gnuplot not installed (scripts/install-deps.sh installs gnuplot-nox)";
  ScratchResults dir("roundtrip");
  std::ofstream(dir.path() / "bad.gp") << "plot 'no-such-file.dat'\n";
  const std::string error = run_gnuplot(*gnuplot, "bad.gp", dir.path(), dir.path() / "bad.log");
  EXPECT_NE(error.find("gnuplot failed on bad.gp (exit"), std::string::npos) << error;
  EXPECT_NE(error.find("no-such-file.dat"), std::string::npos) << error;
}

TEST(PlotsExportTest, AnEntryRunWithoutSameCpuPairsGetsANote) {
  ScratchResults dir("entry");
  std::ofstream(dir.path() / "pairs.csv") << kLegacyPairsCsvHeader << "\n1a2b3c4d,0,1,0,10,20,10\n";
  const OutputReport report = draw(dir.path());
  EXPECT_TRUE(report.written.empty());
  EXPECT_EQ(report.notes, std::vector<std::string>{(dir.path() / "pairs.csv").string() +
                                                   " has no same-CPU pairs: entry-latency plots "
                                                   "skipped"});
}

}  // namespace
}  // namespace iprobe
