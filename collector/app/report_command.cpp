#include "app/report_command.hpp"

#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "benchmarks/benchmark_table.hpp"
#include "env/environment.hpp"
#include "export/exporters.hpp"
#include "plot/plot_gnuplot.hpp"
#include "results/json_file.hpp"
#include "suite/suite_page.hpp"
#include "suite/suite_record.hpp"

namespace iprobe {
namespace fs = std::filesystem;
namespace {

// One line on err and false when DIR is no results folder this command can read.
bool check_results_folder(const fs::path& dir, std::ostream& err) {
  const std::string name = dir.string();
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    err << "collector report: " << name
        << " does not exist; give the folder a benchmark wrote with --output-dir\n";
    return false;
  }
  if (!fs::is_directory(dir, ec)) {
    err << "collector report: " << name
        << " is not a directory; give the folder a benchmark wrote with --output-dir\n";
    return false;
  }
  const bool csv = fs::exists(dir / "runs.csv", ec) || fs::exists(dir / "pairs.csv", ec);
  const bool summary = fs::exists(dir / "summary.json", ec);
  if (csv && summary) return true;
  if (summary) {
    err << "collector report: " << name
        << " has summary.json but neither runs.csv nor pairs.csv; the CSV is missing — re-run "
           "the benchmark (or `collector parse` the logs in "
        << (dir / "raw").string() << "/)\n";
  } else if (csv) {
    err << "collector report: " << name
        << " has no summary.json, which the table is printed from; re-run the benchmark (or "
           "`collector parse` the logs in "
        << (dir / "raw").string() << "/)\n";
  } else {
    err << "collector report: " << name
        << " holds no results: expected summary.json and pairs.csv or runs.csv; run the "
           "collector with --output-dir "
        << name << " first\n";
  }
  return false;
}

// The results of the folder, read once; std::runtime_error with a one-line message when a file
// is not what this collector writes.
Results read_folder(const fs::path& dir, nlohmann::ordered_json& summary) {
  const fs::path file = dir / "summary.json";
  summary = read_json_file(file);
  try {
    return read_results(summary, dir, ReadDepth::kWithSamples);
  } catch (const SummaryFormatError& e) {
    throw std::runtime_error(file.string() + " is not a summary this collector wrote (" + e.what() +
                             "); re-run the benchmark");
  }
}

}  // namespace

int run_report_command(const fs::path& dir, std::ostream& out, std::ostream& err, bool html) {
  std::error_code ec;
  if (html && fs::exists(dir / kSuiteRecordFile, ec))
    return write_suite_page_command(dir, out, err);
  if (!check_results_folder(dir, err)) return 1;
  nlohmann::ordered_json summary;
  Results results;
  try {
    results = read_folder(dir, summary);
  } catch (const std::exception& e) {
    err << "collector report: " << e.what() << '\n';
    return 1;
  }
  out << "results " << dir.string();
  if (summary.contains("benchmark")) out << "  benchmark=" << name(results.header.benchmark);
  if (tcg_accel(results.header.environment)) out << "  (TCG emulation: cycles are emulated cycles)";
  out << '\n';
  const ExportTarget target{dir, out};
  write_outputs(results, target, {Output::kTable});
  OutputReport drawn;
  try {
    drawn = write_outputs(results, target, {Output::kPlots});
  } catch (const std::exception& e) {
    err << "collector report: cannot write the plot data: " << e.what() << '\n';
    return 1;
  }
  print_plot_listing(out, dir, drawn, "plot data and gnuplot scripts");
  if (html) {
    try {
      write_outputs(results, target, {Output::kHtml});
      out << "page: " << (dir / "index.html").string() << '\n';
    } catch (const std::exception& e) {
      err << "collector report: " << e.what() << '\n';
      return 1;
    }
  }
  bool failed = false;
  for (const std::string& warning : drawn.warnings) {
    err << "WARNING: " << warning << '\n';
    if (warning != kGnuplotMissing) failed = true;
  }
  return failed ? 1 : 0;
}

int run_report_main(const std::vector<std::string>& args) {
  if (args.size() == 1 && (args[0] == "-h" || args[0] == "--help")) {
    std::cout << kReportUsage;
    return 0;
  }
  std::vector<std::string> folders;
  bool html = false;
  for (const std::string& arg : args) {
    if (arg == "--html") {
      html = true;
    } else {
      folders.push_back(arg);
    }
  }
  if (folders.size() != 1 || folders[0].empty() || folders[0].front() == '-') {
    std::cerr << "collector report: expected one results folder\n" << kReportUsage;
    return 2;
  }
  return run_report_command(folders[0], std::cout, std::cerr, html);
}

}  // namespace iprobe
