// Folder plot/: the plots of a results folder: the CSV data gnuplot reads (plot_csv,
// plot_data), the gnuplot scripts (plot_script) and running gnuplot (plot_gnuplot, plot_drawer,
// plot_draw); `collector compare`'s figure (compare_plot).
// Uses pair/ (run statistics) and util/.
//
// Plots of a results folder, drawn with gnuplot from its CSV files:
//   runs.csv  -> roundtrip.svg/.png   (median cycles per call per variant, min..max whiskers)
//   pairs.csv -> entry_hist.svg/.png, entry_cdf.svg/.png (x clipped at p99.9)
// The data gnuplot reads and the scripts stay in DIR/plot-data/ so users can tweak and re-run.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "plot/plot_csv.hpp"
#include "plot/plot_data.hpp"
#include "plot/plot_drawer.hpp"

namespace iprobe {

// Labels taken from summary.json for the titles ("" when absent).
struct ResultsMeta {
  std::string benchmark;
  std::string scenario;
  std::string probe;
  std::string mode;
  std::string accel;  // "tcg": cycles are emulation cycles
};

struct ResultsData {
  bool has_summary = false;
  ResultsMeta meta;
  std::optional<std::vector<RoundtripRun>> runs;  // runs.csv, when present
  std::optional<EntrySamples> entry;              // pairs.csv, when present; deltas sorted
};

// The title labels of a summary.json text: its top-level strings, and accel from its
// environment; "" for each one absent. Throws nlohmann::json::exception when it is not JSON.
ResultsMeta parse_results_meta(const std::string& summary_json);

// Reads whichever of summary.json, runs.csv and pairs.csv exist in dir. Throws
// ResultsFileError (one line: file, line, what is wrong, what to do) for a malformed CSV.
ResultsData load_results(const std::filesystem::path& dir);

// Draws the plots the data allows into dir (and plot-data/). Needs no gnuplot to write the .dat
// and .gp files; without gnuplot the report carries kGnuplotMissing as a warning. Throws
// std::runtime_error only when dir/plot-data cannot be written.
PlotReport draw_plots(const std::filesystem::path& dir, const ResultsData& data);

// For the benchmark runners, after they wrote their results: loads dir, draws what it can and
// prints the plot files (stdout, unless quiet) and any warning (stderr). Never throws, never
// fails the run.
void draw_plots(const std::filesystem::path& dir, bool quiet = false);

}  // namespace iprobe
