// The figure of `collector compare`: one bar per scenario/variant, TSC cycles per call on a log
// axis, the entry / kernel / exit split stacked where it was measured. Drawn with gnuplot into
// compare.svg and compare.png; its data (plot-data/compare.dat) and script stay to tweak.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "plot/plot_drawer.hpp"

namespace iprobe {

struct CompareBar {
  std::string label;                   // scenario/variant
  std::optional<double> entry{};       // bottom segment (entry latency)
  std::optional<double> kernel{};      // stacked on entry, when split
  std::optional<double> exit{};        // stacked on kernel, when split
  std::optional<double> whole{};       // an unsplit round trip: one segment
  std::optional<double> round_trip{};  // marker: the calls' round-trip median of a split bar
  double height = 0;                   // the top of the bar, printed above it
};

struct CompareFigure {
  std::vector<CompareBar> bars;  // left to right
  std::string subtitle;          // statistics, emulation and mixed-environment notes
};

// The power of ten at or below `lowest` (1 when it is not positive): where a log axis starts.
double log_axis_floor(double lowest);

// The lowest power of ten at or below every bar's bottom segment (1 when none is positive).
double compare_axis_floor(const std::vector<CompareBar>& bars);

// plot-data/compare.dat: one row per bar, '-' for an absent segment. Columns: 1 index, 2 label,
// 3-4 entry low/high, 5-6 kernel, 7-8 exit, 9-10 whole, 11 round-trip marker, 12 height.
std::string compare_dat_text(const CompareFigure& figure);
std::string compare_plot_script(const CompareFigure& figure, const std::string& png_terminal);

// Writes the data and the script under dir/plot-data and runs gnuplot (see plot_drawer.hpp).
OutputReport draw_compare_figure(const std::filesystem::path& dir, const CompareFigure& figure);

}  // namespace iprobe
