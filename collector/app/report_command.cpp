#include "app/report_command.hpp"

#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "plot/plot_gnuplot.hpp"
#include "report/json_file.hpp"
#include "report/report_output.hpp"
#include "report/roundtrip.hpp"

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

// The table the live run printed, from the summary.json it wrote: one printer per benchmark.
// Throws std::runtime_error naming the file when it is not a summary this collector writes.
std::string summary_table(const fs::path& file) {
  const nlohmann::ordered_json json = read_json_file(file);
  std::ostringstream table;
  try {
    if (json.is_object() && json.value("benchmark", "") == "roundtrip")
      print_roundtrip_table(table, read_roundtrip_summary_json(json));
    else
      print_summary_table(table, read_summary_json(json));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(file.string() + " is not a summary this collector wrote (" + e.what() +
                             "); re-run the benchmark");
  }
  return table.str();
}

void print_plots(std::ostream& out, const fs::path& dir, const PlotReport& report) {
  if (!report.written.empty()) {
    out << "plots:";
    for (const fs::path& file : report.written) out << ' ' << file.string();
    out << '\n';
    out << "plot data and gnuplot scripts: " << (dir / "plot-data").string() << "/\n";
  }
  for (const std::string& note : report.notes) out << note << '\n';
}

}  // namespace

int run_report_command(const fs::path& dir, std::ostream& out, std::ostream& err) {
  if (!check_results_folder(dir, err)) return 1;
  ResultsData data;
  std::string table;
  try {
    data = load_results(dir);
    table = summary_table(dir / "summary.json");
  } catch (const std::exception& e) {
    err << "collector report: " << e.what() << '\n';
    return 1;
  }
  out << "results " << dir.string();
  if (!data.meta.benchmark.empty()) out << "  benchmark=" << data.meta.benchmark;
  if (data.meta.accel == "tcg") out << "  (TCG emulation: cycles are emulated cycles)";
  out << '\n' << table;

  PlotReport report;
  try {
    report = draw_plots(dir, data);
  } catch (const std::exception& e) {
    err << "collector report: cannot write the plot data: " << e.what() << '\n';
    return 1;
  }
  print_plots(out, dir, report);
  bool failed = false;
  for (const std::string& warning : report.warnings) {
    err << "WARNING: " << warning << '\n';
    if (warning != kGnuplotMissing) failed = true;
  }
  return failed ? 1 : 0;
}

int run_report_command(const fs::path& dir) {
  return run_report_command(dir, std::cout, std::cerr);
}

int run_report_main(const std::vector<std::string>& args) {
  if (args.size() == 1 && (args[0] == "-h" || args[0] == "--help")) {
    std::cout << kReportUsage;
    return 0;
  }
  if (args.size() != 1 || args[0].empty() || args[0].front() == '-') {
    std::cerr << "collector report: expected one results folder\n" << kReportUsage;
    return 2;
  }
  return run_report_command(args[0]);
}

}  // namespace iprobe
