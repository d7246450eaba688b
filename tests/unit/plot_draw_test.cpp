#include "plot/plot_draw.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "plot/plot_gnuplot.hpp"

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

TEST(PlotDrawTest, ParsesSummaryLabels) {
  const std::string json = R"({"benchmark": "roundtrip", "scenario":"linux-qemu",
    "environment": {"accel": "tcg", "cpu_model": "A \"quoted\" \\ cpu"},
    "extra": {"probe": "not the top-level one"}})";
  const ResultsMeta meta = parse_results_meta(json);
  EXPECT_EQ(meta.benchmark, "roundtrip");
  EXPECT_EQ(meta.scenario, "linux-qemu");
  EXPECT_EQ(meta.accel, "tcg");
  EXPECT_EQ(meta.probe, "");
  EXPECT_EQ(meta.mode, "");
  EXPECT_EQ(parse_results_meta(R"({"scenario": "a \"quoted\" \\ name"})").scenario,
            "a \"quoted\" \\ name");
  EXPECT_THROW(parse_results_meta("{\"scenario\": "), nlohmann::json::exception);
}

TEST(PlotDrawTest, LoadsFixtureFolders) {
  const ResultsData rt = load_results(kFixtures / "roundtrip");
  EXPECT_TRUE(rt.has_summary);
  EXPECT_EQ(rt.meta.benchmark, "roundtrip");
  EXPECT_EQ(rt.meta.scenario, "linux");
  ASSERT_TRUE(rt.runs.has_value());
  EXPECT_EQ(rt.runs->size(), 15u);
  EXPECT_FALSE(rt.entry.has_value());

  const ResultsData entry = load_results(kFixtures / "entry");
  EXPECT_EQ(entry.meta.probe, "module");
  ASSERT_TRUE(entry.entry.has_value());
  EXPECT_EQ(entry.entry->rows, 40u);
  EXPECT_EQ(entry.entry->cross_cpu, 1u);
  EXPECT_EQ(entry.entry->negative, 1u);
  EXPECT_TRUE(
      std::is_sorted(entry.entry->same_cpu_deltas.begin(), entry.entry->same_cpu_deltas.end()));
}

TEST(PlotDrawTest, WithoutGnuplotWritesDataAndScriptsAndWarns) {
  ScratchResults dir("entry");
  const char* old = std::getenv("PATH");
  const std::string saved = old ? old : "";
  ::setenv("PATH", "/nonexistent-iprobe-test", 1);
  const PlotReport report = draw_plots(dir.path(), load_results(dir.path()));
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

TEST(PlotDrawTest, DrawsRoundtripSvgAndPng) {
  if (!find_gnuplot())
    GTEST_SKIP() << "gnuplot not installed (scripts/install-deps.sh installs gnuplot-nox)";
  ScratchResults dir("roundtrip");
  const PlotReport report = draw_plots(dir.path(), load_results(dir.path()));
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

TEST(PlotDrawTest, DrawsEntryHistogramAndCdf) {
  if (!find_gnuplot())
    GTEST_SKIP() << "gnuplot not installed (scripts/install-deps.sh installs gnuplot-nox)";
  ScratchResults dir("entry");
  const PlotReport report = draw_plots(dir.path(), load_results(dir.path()));
  EXPECT_TRUE(report.warnings.empty()) << report.warnings.front();
  EXPECT_EQ(report.written.size(), 4u);
  expect_svg(dir.path() / "entry_hist.svg");
  expect_png(dir.path() / "entry_hist.png");
  expect_svg(dir.path() / "entry_cdf.svg");
  expect_png(dir.path() / "entry_cdf.png");
}

TEST(PlotDrawTest, KeptScriptReRunsFromTheResultsFolder) {
  const auto gnuplot = find_gnuplot();
  if (!gnuplot)
    GTEST_SKIP() << "gnuplot not installed (scripts/install-deps.sh installs gnuplot-nox)";
  ScratchResults dir("roundtrip");
  draw_plots(dir.path(), load_results(dir.path()));
  fs::remove(dir.path() / "roundtrip.png");
  EXPECT_EQ(run_gnuplot(*gnuplot, "plot-data/roundtrip.gp", dir.path(),
                        dir.path() / "plot-data" / "rerun.log"),
            "");
  expect_png(dir.path() / "roundtrip.png");
}

TEST(PlotDrawTest, GnuplotFailureIsReportedWithTheLog) {
  const auto gnuplot = find_gnuplot();
  if (!gnuplot)
    GTEST_SKIP() << "gnuplot not installed (scripts/install-deps.sh installs gnuplot-nox)";
  ScratchResults dir("roundtrip");
  std::ofstream(dir.path() / "bad.gp") << "plot 'no-such-file.dat'\n";
  const std::string error = run_gnuplot(*gnuplot, "bad.gp", dir.path(), dir.path() / "bad.log");
  EXPECT_NE(error.find("gnuplot failed on bad.gp (exit"), std::string::npos) << error;
  EXPECT_NE(error.find("no-such-file.dat"), std::string::npos) << error;
}

TEST(PlotDrawTest, NothingToDrawInAnEmptyFolder) {
  const PlotReport report = draw_plots(fs::temp_directory_path(), ResultsData{});
  EXPECT_TRUE(report.written.empty());
  EXPECT_TRUE(report.warnings.empty());
}

}  // namespace
}  // namespace iprobe
