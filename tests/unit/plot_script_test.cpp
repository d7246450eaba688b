#include "plot/plot_script.hpp"

#include <gtest/gtest.h>

#include <string>

namespace iprobe {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(PlotScriptTest, QuotesStrings) {
  EXPECT_EQ(gnuplot_quote("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
}

TEST(PlotScriptTest, RoundtripScriptDrawsSvgThenPng) {
  RunsPlotSpec spec;
  spec.files = {"plot-data/roundtrip.dat", "roundtrip.svg", "roundtrip.png"};
  spec.title = "ioctl round trip - scenario linux\nbars: median";
  spec.log_y = true;
  spec.y_min = 1;
  const std::string gp = runs_plot_script(spec);
  const auto svg = gp.find("set terminal svg");
  const auto svg_out = gp.find("set output 'roundtrip.svg'");
  const auto png = gp.find("set terminal pngcairo");
  const auto png_out = gp.find("set output 'roundtrip.png'");
  ASSERT_NE(svg, std::string::npos);
  ASSERT_NE(svg_out, std::string::npos);
  ASSERT_NE(png, std::string::npos);
  ASSERT_NE(png_out, std::string::npos);
  EXPECT_LT(svg, svg_out);
  EXPECT_LT(svg_out, png);
  EXPECT_LT(png, png_out);
  EXPECT_TRUE(has(gp, "plot 'plot-data/roundtrip.dat' using 0:4:xtic(1) with boxes"));
  EXPECT_TRUE(has(gp, "using 0:4:3:6:4 with candlesticks whiskerbars"));
  EXPECT_TRUE(has(gp, "set logscale y\n"));
  EXPECT_TRUE(has(gp, "set yrange [1:*]"));
  EXPECT_TRUE(has(gp, "set title \"ioctl round trip - scenario linux\\nbars: median\""));
  EXPECT_TRUE(has(gp, "noenhanced"));
  EXPECT_TRUE(has(gp, "replot\nset output\n"));

  spec.log_y = false;
  const std::string linear = runs_plot_script(spec);
  EXPECT_FALSE(has(linear, "set logscale"));
  EXPECT_TRUE(has(linear, "set yrange [0:*]"));
}

TEST(PlotScriptTest, FallsBackToLibgdPng) {
  RunsPlotSpec spec;
  spec.files = {"plot-data/roundtrip.dat", "roundtrip.svg", "roundtrip.png"};
  spec.png_terminal = "png";
  const std::string gp = runs_plot_script(spec);
  EXPECT_TRUE(has(gp, "set terminal png size"));
  EXPECT_FALSE(has(gp, "pngcairo"));
}

TEST(PlotScriptTest, HistogramScript) {
  HistogramPlotSpec spec;
  spec.files = {"plot-data/entry_hist.dat", "entry_hist.svg", "entry_hist.png"};
  spec.title = "entry; x axis clipped at p99.9 = 400 cycles";
  spec.x_lo = 100;
  spec.x_hi = 400;
  spec.bin_width = 4;
  spec.p50 = 150;
  const std::string gp = histogram_plot_script(spec);
  EXPECT_TRUE(has(gp, "set output 'entry_hist.svg'"));
  EXPECT_TRUE(has(gp, "set output 'entry_hist.png'"));
  EXPECT_TRUE(has(gp, "set xrange [98:402]"));  // half a bin either side
  EXPECT_TRUE(has(gp, "plot 'plot-data/entry_hist.dat' using 3:4:(4) with boxes"));
  EXPECT_TRUE(has(gp, "set arrow from 150, graph 0 to 150, graph 1"));
  EXPECT_TRUE(has(gp, "clipped at p99.9 = 400"));
  EXPECT_TRUE(has(gp, "(4 cycles wide)"));
}

TEST(PlotScriptTest, CdfScript) {
  CdfPlotSpec spec;
  spec.files = {"plot-data/entry_cdf.dat", "entry_cdf.svg", "entry_cdf.png"};
  spec.x_lo = -20;
  spec.x_hi = 600;
  spec.p50 = 155;
  spec.p99 = 500;
  const std::string gp = cdf_plot_script(spec);
  EXPECT_TRUE(has(gp, "set output 'entry_cdf.svg'"));
  EXPECT_TRUE(has(gp, "set output 'entry_cdf.png'"));
  EXPECT_TRUE(has(gp, "set xrange [-20:600]"));
  EXPECT_TRUE(has(gp, "plot 'plot-data/entry_cdf.dat' using 1:2 with steps"));
  EXPECT_TRUE(has(gp, "\"p99 = 500\""));
}

TEST(PlotScriptTest, SingleQuotesInFileNamesAreDoubled) {
  RunsPlotSpec spec;
  spec.files = {"plot-data/it's.dat", "a.svg", "a.png"};
  EXPECT_TRUE(has(runs_plot_script(spec), "plot 'plot-data/it''s.dat'"));
}

}  // namespace
}  // namespace iprobe
