#include "benchmarks/finish_run.hpp"

#include <iostream>

#include "export/exporters.hpp"
#include "results/header_json.hpp"
#include "results/json_file.hpp"
#include "scenarios/common/interrupt.hpp"
#include "util/file_util.hpp"
#include "util/text_format.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

// The figures of a live run: listed unless quiet; a problem with them never fails the run.
void draw_figures(const Results& results, const ExportTarget& target, bool quiet) {
  try {
    const OutputReport drawn = write_outputs(results, target, {Output::kPlots});
    if (!quiet) print_plot_listing(target.out, target.dir, drawn);
    for (const std::string& warning : drawn.warnings) std::cerr << "WARNING: " << warning << '\n';
  } catch (const std::exception& e) {
    std::cerr << "WARNING: plots skipped: " << e.what() << '\n';
  }
}

// "DIR/{summary.json,pairs.csv,raw/}": what the run left in its folder.
std::string results_line(const fs::path& dir, const OutputReport& files) {
  std::string names;
  for (const fs::path& file : files.written) names += file.filename().string() + ",";
  return dir.string() + "/{" + names + "raw/}";
}

// The summary of an interrupted run that left nothing to report.
nlohmann::ordered_json unreported_summary_json(const Capture& capture, const RunOptions& o) {
  nlohmann::ordered_json json{
      {"benchmark", name(o.benchmark)},
      {"incomplete", true},
      {"error", "no report: the run was interrupted before it produced usable logs"}};
  json["provenance"] = provenance_json(*capture.provenance);
  return json;
}

}  // namespace

int report_capture(const Capture& capture, const ReportOptions& options) {
  Results results = capture.summarize(options.output_dir);
  fs::create_directories(options.output_dir);
  const ExportTarget target{options.output_dir, std::cout};
  const OutputReport files = write_outputs(results, target, {Output::kSummaryJson, Output::kCsv});
  if (options.plots) draw_figures(results, target, !options.table);
  if (options.table) {
    write_outputs(results, target, {Output::kTable});
    std::cout << "results: " << results_line(options.output_dir, files) << "\n";
  }
  if (results.header.strict_violation) {
    std::cerr << "collector: strict: " << *results.header.strict_violation << "\n";
    return 3;
  }
  return 0;
}

int finish_run(Capture& capture, const RunOptions& o) {
  capture.provenance = collect_provenance(capture.loop_programs());
  fs::create_directories(o.output_dir / "raw");
  write_json_file(o.output_dir / "raw" / kRunRecordFile, "run record", capture.record_json());
  const ReportOptions report{o.output_dir, !o.quiet, !o.in_guest};
  if (!interrupted()) return o.in_guest ? 0 : report_capture(capture, report);
  // Interrupted: still a summary, marked incomplete (the capture says why), exit 128 + signal.
  try {
    if (!o.in_guest) report_capture(capture, report);
  } catch (const std::exception&) {  // e.g. the loop was stopped before it printed anything
    write_json_file(o.output_dir / "summary.json", "summary", unreported_summary_json(capture, o));
  }
  return 128 + interrupt_signal();
}

}  // namespace iprobe
