// Drawing one plot: writes its gnuplot script under DIR/plot-data/, runs gnuplot in DIR and
// checks that the SVG and the PNG were written. Shared by every plot of the collector (the
// results folder's plots and `collector compare`'s figure).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "plot/plot_script.hpp"

namespace iprobe {

// What drawing (or any exporter) did, in order: files written, notes (a figure the data cannot
// give), warnings (gnuplot missing or failing).
struct OutputReport {
  std::vector<std::filesystem::path> written;
  std::vector<std::string> notes;
  std::vector<std::string> warnings;
};

struct Drawer {
  std::filesystem::path dir;       // where the SVG and PNG go; gnuplot runs here
  std::filesystem::path data_dir;  // dir/plot-data: data files, scripts, gnuplot logs
  std::optional<std::filesystem::path> gnuplot;
  std::string png_terminal;
  OutputReport report;

  // Writes plot-data/NAME.gp; with gnuplot, runs it and records the files or the failure.
  void draw(const std::string& name, const std::string& script, const PlotFiles& files);
};

// A drawer for dir: creates dir/plot-data, finds gnuplot and its PNG terminal; without gnuplot
// its report carries kGnuplotMissing as a warning. Throws std::filesystem::filesystem_error
// when plot-data cannot be created.
Drawer make_drawer(const std::filesystem::path& dir);

}  // namespace iprobe
