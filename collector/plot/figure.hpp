// Folder plot/: drawing figures with gnuplot: what a figure is (figure), the numbers behind
// them (plot_data: histograms, CDFs), the gnuplot scripts (plot_script), running gnuplot
// (plot_gnuplot, plot_drawer), and `collector compare`'s figure (compare_plot). Uses pair/
// (percentiles) and util/; knows no benchmark kind and reads no results file.
//
// One figure of a results folder as its benchmark kind describes it: the data gnuplot reads, the
// script, and the SVG and PNG it draws. The plots exporter (export/) writes the data and the
// script under plot-data/ and runs gnuplot through plot_drawer.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "plot/plot_script.hpp"

namespace iprobe {

struct Figure {
  std::string name;       // the script is plot-data/NAME.gp
  PlotFiles files;        // data file (relative to the results folder), SVG and PNG
  std::string data_text;  // what files.data holds
  std::string script;     // the gnuplot script, reading files.data
};

// What a kind's figures are drawn for: the results folder and the PNG terminal gnuplot has.
struct FigureContext {
  std::filesystem::path dir;
  std::string png_terminal = "pngcairo";
};

// A kind's figures, and a note for each one it cannot draw from these results.
struct FigureSet {
  std::vector<Figure> figures;
  std::vector<std::string> notes;
};

}  // namespace iprobe
