// collector compare's figure: the data gnuplot reads and the script around it.
#include "plot/compare_plot.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "plot/plot_gnuplot.hpp"

namespace iprobe {
namespace {
namespace fs = std::filesystem;

CompareFigure figure() {
  CompareFigure f;
  f.subtitle = "test";
  CompareBar split{.label = "linux-qemu/entry patch/buffer", .height = 1830};
  split.entry = 430;
  split.kernel = 900;
  split.exit = 500;
  split.round_trip = 1850;
  CompareBar whole{.label = "linux/raw", .height = 302.13};
  whole.whole = 302.13;
  CompareBar entry{.label = "hermitux/entry hermitux/buffer", .height = 45};
  entry.entry = 45;
  f.bars = {split, whole, entry};
  return f;
}

TEST(ComparePlot, AxisFloorIsThePowerOfTenBelowTheLowestBottomSegment) {
  EXPECT_EQ(compare_axis_floor(figure().bars), 10.0);
  EXPECT_EQ(compare_axis_floor({}), 1.0);
}

TEST(ComparePlot, SegmentsStackOnTheirValuesFromTheAxisFloor) {
  const std::string dat = compare_dat_text(figure());
  EXPECT_NE(
      dat.find("0 \"linux-qemu/entry patch/buffer\" 10 430 430 1330 1330 1830 - - 1850 1830\n"),
      std::string::npos)
      << dat;
  EXPECT_NE(dat.find("1 \"linux/raw\" - - - - - - 10 302.13 - 302.13\n"), std::string::npos) << dat;
  EXPECT_NE(dat.find("2 \"hermitux/entry hermitux/buffer\" 10 45 - - - - - - - 45\n"),
            std::string::npos)
      << dat;
}

TEST(ComparePlot, ScriptIsLogScaleWithOneKeyEntryPerPart) {
  const std::string gp = compare_plot_script(figure(), "pngcairo");
  EXPECT_NE(gp.find("set logscale y\n"), std::string::npos);
  EXPECT_NE(gp.find("set yrange [10:*]\n"), std::string::npos);
  for (const char* title : {"\"entry\"", "\"kernel\"", "\"exit\"", "\"round trip (not split)\""})
    EXPECT_NE(gp.find(std::string("title ") + title), std::string::npos) << title;
  EXPECT_NE(gp.find("set output 'compare.png'\nreplot"), std::string::npos);
}

TEST(ComparePlot, GnuplotDrawsTheFigure) {
  if (!find_gnuplot()) GTEST_SKIP() << "gnuplot missing (Debian: gnuplot-nox)";
  const fs::path dir =
      fs::temp_directory_path() / ("iprobe_compare_plot_" + std::to_string(getpid()));
  fs::remove_all(dir);
  const OutputReport report = draw_compare_figure(dir, figure());
  EXPECT_TRUE(report.warnings.empty()) << report.warnings.front();
  ASSERT_EQ(report.written.size(), 2U);
  EXPECT_GT(fs::file_size(dir / "compare.png"), 1000U);
  EXPECT_GT(fs::file_size(dir / "compare.svg"), 1000U);
  EXPECT_TRUE(fs::exists(dir / "plot-data" / "compare.dat"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace iprobe
