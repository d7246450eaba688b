// The figure of `collector compare --by machine`: per series (scenario/variant), one bar per
// machine side by side, TSC cycles per call on a log axis, the machines' table (CPU, kernel,
// hypervisor, kind of cycles, mitigations) printed under the plot. Drawn with gnuplot into
// compare.svg and compare.png; its data (plot-data/compare-machines.dat) and script stay.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "plot/plot_drawer.hpp"

namespace iprobe {

struct MachineFigure {
  std::vector<std::string> machines;  // the key's titles, e.g. "stock (emulated (tcg) cycles)"
  std::vector<std::string> series;    // the x axis, left to right
  // values[series][machine]: the bar, nullopt where the machine did not run the series
  std::vector<std::vector<std::optional<double>>> values;
  std::vector<std::string> table;  // lines printed under the plot, one per machine and note
  std::string subtitle;
};

// plot-data/compare-machines.dat: "INDEX \"SERIES\" VALUE..." per series, '-' for no bar.
std::string machine_dat_text(const MachineFigure& figure);
std::string machine_plot_script(const MachineFigure& figure, const std::string& png_terminal);

// Writes the data and the script under dir/plot-data and runs gnuplot (see plot_drawer.hpp).
OutputReport draw_machine_figure(const std::filesystem::path& dir, const MachineFigure& figure);

}  // namespace iprobe
