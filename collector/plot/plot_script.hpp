// gnuplot scripts for the results folder's plots. Every script draws one plot twice, as SVG and
// as PNG, reading a data file under plot-data/. Paths in the scripts are relative to the results
// folder, so a kept script re-runs there: `cd DIR && gnuplot plot-data/NAME.gp`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace iprobe {

// A gnuplot double-quoted string literal for text (backslash, quote and newline escaped).
std::string gnuplot_quote(std::string_view text);

// The `set terminal` line for PNG output: "pngcairo" (antialiased, preferred) or "png" (libgd).
std::string png_terminal_line(std::string_view png_terminal);

struct PlotFiles {
  std::string data;  // e.g. "plot-data/roundtrip.dat"
  std::string svg;   // e.g. "roundtrip.svg"
  std::string png;   // e.g. "roundtrip.png"
};

// Bars of a value per series across runs (the median) with min..max whiskers: the round trip's
// variants, the interposition mechanisms.
struct RunsPlotSpec {
  PlotFiles files;
  std::string title;
  std::string what = "Round trip: cycles per call per variant";  // the script's first comment
  std::string x_label = "variant";
  // Column 10 of the data holds each bar's label (e.g. its overhead over a baseline), written
  // upright above the whiskers, with slanted tics; without it, bars are labelled with their
  // median.
  bool labels_in_data = false;
  bool log_y = false;
  double y_min = 0;  // lower end of the y axis; a power of ten when log_y
  double y_max = 0;  // upper end with log_y, 0 = gnuplot's choice
  std::string png_terminal = "pngcairo";
};

struct HistogramPlotSpec {
  PlotFiles files;
  std::string title;
  int64_t x_lo = 0;  // first bin's first value
  int64_t x_hi = 0;  // last value shown (the clip)
  int64_t bin_width = 1;
  int64_t p50 = 0;
  std::string png_terminal = "pngcairo";
};

struct CdfPlotSpec {
  PlotFiles files;
  std::string title;
  int64_t x_lo = 0;
  int64_t x_hi = 0;
  int64_t p50 = 0;
  int64_t p99 = 0;
  std::string png_terminal = "pngcairo";
};

std::string runs_plot_script(const RunsPlotSpec& spec);
std::string histogram_plot_script(const HistogramPlotSpec& spec);
std::string cdf_plot_script(const CdfPlotSpec& spec);

}  // namespace iprobe
