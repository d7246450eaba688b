#include "benchmarks/finish_run.hpp"

#include <iostream>

#include "export/exporters.hpp"
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

}  // namespace

int report_capture(const Capture& capture, const ReportOptions& options) {
  Results results = capture.summarize(options.output_dir);
  RunFacts& facts = results.header.facts;
  if (interrupted() && !facts.incomplete) facts.incomplete = interrupt_reason();
  if (capture.wall_seconds)
    results.header.extra.emplace_back("wall_seconds", fixed(*capture.wall_seconds, 2));
  fs::create_directories(options.output_dir);
  const ExportTarget target{options.output_dir, std::cout};
  const OutputReport files = write_outputs(results, target, {Output::kSummaryJson, Output::kCsv});
  if (options.plots) draw_figures(results, target, !options.table);
  if (options.table) {
    write_outputs(results, target, {Output::kTable});
    std::cout << "results: " << results_line(options.output_dir, files) << "\n";
  }
  if (facts.incomplete) {
    std::cerr << "collector: incomplete: " << *facts.incomplete << "\n";
    return incomplete_exit_status();
  }
  if (results.header.strict_violation) {
    std::cerr << "collector: strict: " << *results.header.strict_violation << "\n";
    return 3;
  }
  return 0;
}

int incomplete_exit_status() { return interrupted() ? 128 + interrupt_signal() : kExitIncomplete; }

int finish_run(const Capture& capture, const RunOptions& o) {
  fs::create_directories(o.output_dir / "raw");
  write_json_file(o.output_dir / "raw" / kRunRecordFile, "run record", capture.record_json());
  const ReportOptions report{o.output_dir, !o.quiet, !o.in_guest};
  const bool partial = interrupted() || capture.facts.incomplete;
  // Inside the guest only the capture counts: the host reports from raw/run.json.
  if (o.in_guest) return interrupted() ? 128 + interrupt_signal() : 0;
  if (!partial) return report_capture(capture, report);
  // Partial: still a summary, marked incomplete, and never exit status 0.
  try {
    return report_capture(capture, report);
  } catch (const std::exception& e) {  // e.g. the loop ended before it printed anything
    const std::string why = capture.facts.incomplete.value_or(interrupt_reason());
    nlohmann::ordered_json stub{{"incomplete", true},
                                {"incomplete_reason", why},
                                {"error", std::string("no results: ") + e.what()}};
    write_json_file(o.output_dir / "summary.json", "summary", stub);
    std::cerr << "collector: incomplete: " << why << " (no results: " << e.what() << ")\n";
  }
  return incomplete_exit_status();
}

}  // namespace iprobe
