#include "app/report_command.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <iostream>

#include "plot/plot_gnuplot.hpp"
#include "util/text_format.hpp"

namespace iprobe {
namespace fs = std::filesystem;
namespace {

const VariantStats* find_variant(const std::vector<VariantStats>& variants,
                                 const std::string& name) {
  for (const VariantStats& v : variants)
    if (v.name == name) return &v;
  return nullptr;
}

}  // namespace

void print_roundtrip_table(std::ostream& out, const std::vector<RoundtripRun>& runs) {
  const std::vector<VariantStats> variants = summarize_variants(runs);
  out << "round trip, TSC cycles per call (runs.csv)\n";
  if (variants.empty()) {
    out << "  no runs\n";
    return;
  }
  double fastest = variants.front().p50;
  std::size_t name_width = 8;
  for (const VariantStats& v : variants) {
    fastest = std::min(fastest, v.p50);
    name_width = std::max(name_width, v.name.size());
  }
  const int w = static_cast<int>(name_width);
  out << "  " << pad("variant", w) << pad("runs", 6, Align::kRight) << pad("min", 10, Align::kRight)
      << pad("median", 10, Align::kRight) << pad("mean", 10, Align::kRight)
      << pad("stddev", 9, Align::kRight) << pad("ci95 +-", 9, Align::kRight)
      << pad("x fastest", 11, Align::kRight) << '\n';
  for (const VariantStats& v : variants) {
    out << "  " << pad(v.name, w) << pad(std::to_string(v.runs), 6, Align::kRight)
        << pad(fixed(v.min), 10, Align::kRight) << pad(fixed(v.p50), 10, Align::kRight)
        << pad(fixed(v.mean), 10, Align::kRight) << pad(fixed(v.stddev), 9, Align::kRight)
        << pad(fixed(v.ci95), 9, Align::kRight)
        << pad(fastest > 0 ? fixed(v.p50 / fastest, 2) : std::string("-"), 11, Align::kRight)
        << '\n';
  }
  for (const VariantStats& v : variants) {
    if (v.errors > 0)
      out << "WARNING: " << v.name << ": " << v.errors << " calls returned an unexpected error\n";
    if (v.migrations > 0)
      out << "WARNING: " << v.name << ": " << v.migrations << " CPU migrations during the runs\n";
  }
}

void print_entry_table(std::ostream& out, const EntrySamples& e) {
  out << "entry latency, TSC cycles (pairs.csv): " << e.rows << " pairs, "
      << e.same_cpu_deltas.size() << " same-CPU";
  if (e.cross_cpu > 0) out << ", " << e.cross_cpu << " cross-CPU left out";
  out << ", " << e.negative << " negative\n";
  const auto& d = e.same_cpu_deltas;
  if (d.empty()) return;
  long double sum = 0;
  for (const int64_t v : d) sum += static_cast<long double>(v);
  out << "  min " << d.front() << "  p50 " << percentile_per_mille(d, 500) << "  mean "
      << fixed(static_cast<double>(sum / static_cast<long double>(d.size()))) << "  p99 "
      << percentile_per_mille(d, 990) << "  p99.9 " << percentile_per_mille(d, 999) << "  max "
      << d.back() << '\n';
}

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
  if (fs::exists(dir / "runs.csv", ec) || fs::exists(dir / "pairs.csv", ec)) return true;
  if (fs::exists(dir / "summary.json", ec)) {
    err << "collector report: " << name
        << " has summary.json but neither runs.csv nor pairs.csv; the CSV is missing — re-run "
           "the benchmark (or `collector parse` the logs in "
        << (dir / "raw").string() << "/)\n";
  } else {
    err << "collector report: " << name
        << " holds no results: expected summary.json and pairs.csv or runs.csv; run the "
           "collector with --output-dir "
        << name << " first\n";
  }
  return false;
}

// Entry latency is part of the round trip: its median should come out below.
void print_entry_vs_roundtrip(std::ostream& out, const ResultsData& data) {
  if (!data.runs || !data.entry || data.entry->same_cpu_deltas.empty()) return;
  const std::vector<VariantStats> variants = summarize_variants(*data.runs);
  const VariantStats* raw = find_variant(variants, "raw");
  if (raw == nullptr && !variants.empty()) raw = &variants.front();
  if (raw == nullptr) return;
  const int64_t entry_p50 = percentile_per_mille(data.entry->same_cpu_deltas, 500);
  out << "entry vs round trip: entry p50 " << entry_p50 << " vs round trip median "
      << fixed(raw->p50) << " (" << raw->name << ")"
      << (static_cast<double>(entry_p50) < raw->p50 ? "" : "  WARNING: entry not below round trip")
      << '\n';
}

}  // namespace

int run_report_command(const fs::path& dir, std::ostream& out, std::ostream& err) {
  const std::string name = dir.string();
  if (!check_results_folder(dir, err)) return 1;
  std::error_code ec;
  const bool summary = fs::exists(dir / "summary.json", ec);

  ResultsData data;
  try {
    data = load_results(dir);
  } catch (const std::exception& e) {
    err << "collector report: " << e.what() << '\n';
    return 1;
  }
  if (!summary)
    err << "WARNING: " << (dir / "summary.json").string()
        << " is missing: no scenario in the titles and no environment; the CSV data is complete\n";

  out << "results " << name;
  if (!data.meta.benchmark.empty()) out << "  benchmark=" << data.meta.benchmark;
  if (!data.meta.scenario.empty()) out << "  scenario=" << data.meta.scenario;
  if (data.meta.accel == "tcg") out << "  (TCG emulation: cycles are emulated cycles)";
  out << '\n';
  if (data.runs) print_roundtrip_table(out, *data.runs);
  if (data.entry) print_entry_table(out, *data.entry);
  print_entry_vs_roundtrip(out, data);

  PlotReport report;
  try {
    report = draw_plots(dir, data);
  } catch (const std::exception& e) {
    err << "collector report: cannot write the plot data: " << e.what() << '\n';
    return 1;
  }
  if (!report.written.empty()) {
    out << "plots:";
    for (const fs::path& file : report.written) out << ' ' << file.string();
    out << '\n';
    out << "plot data and gnuplot scripts: " << (dir / "plot-data").string() << "/\n";
  }
  for (const std::string& note : report.notes) out << note << '\n';
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
