// Folder export/: every output of a results folder, each written by its own exporter from the
// results in memory (results/), never from a file written before: summary.json, the CSV files,
// the console table and the figures. Which ones a command writes is chosen from the one list
// below. Uses results/ and plot/; knows no benchmark kind (each kind says through KindResults
// how it appears in each output).
//
// To add an output (e.g. index.html): a value of Output, a file export/NAME_export.cpp with its
// exporter, a row in kExporters (exporters.cpp), and the commands that should write it name it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "plot/plot_drawer.hpp"
#include "results/results.hpp"

namespace iprobe {

enum class Output : uint8_t { kSummaryJson, kCsv, kTable, kPlots, kHtml };

// Where an exporter writes: files into dir, console text into out.
struct ExportTarget {
  std::filesystem::path dir;
  std::ostream& out;
};

struct Exporter {
  Output output;
  std::string_view name;
  // Throws std::runtime_error naming the file when an output cannot be written.
  void (*write)(const Results& results, const ExportTarget& target, OutputReport& report);
};

void export_summary_json(const Results& results, const ExportTarget& target, OutputReport& report);
// What summary.json holds: the kind's members, then the ones every kind shares.
nlohmann::ordered_json summary_json(const Results& results);
void export_csv(const Results& results, const ExportTarget& target, OutputReport& report);
void export_table(const Results& results, const ExportTarget& target, OutputReport& report);
// Also writes the data and the scripts under plot-data/ when gnuplot is missing (a warning).
void export_plots(const Results& results, const ExportTarget& target, OutputReport& report);

// index.html: a self-contained page of the run (export/html_page.hpp); after the plots, whose
// SVG files it inlines.
void export_html(const Results& results, const ExportTarget& target, OutputReport& report);

const Exporter& exporter(Output output);

// Runs the exporters of `outputs`, in that order, into one report.
OutputReport write_outputs(const Results& results, const ExportTarget& target,
                           const std::vector<Output>& outputs);

// "plots: A B ..." (when any was drawn), then "DATA_NOTE: DIR/plot-data/" when data_note is
// given, then the notes: how every command lists the figures it drew.
void print_plot_listing(std::ostream& out, const std::filesystem::path& dir,
                        const OutputReport& report, std::string_view data_note = {});

}  // namespace iprobe
