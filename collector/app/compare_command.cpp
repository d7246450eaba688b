#include "app/compare_command.hpp"

#include <boost/program_options.hpp>
#include <iostream>
#include <sstream>

#include "app/cli.hpp"
#include "app/machine_compare.hpp"
#include "compare/compare_table.hpp"
#include "export/exporters.hpp"
#include "plot/compare_plot.hpp"
#include "plot/plot_gnuplot.hpp"

namespace iprobe {
namespace fs = std::filesystem;
namespace po = boost::program_options;
namespace {

std::string figure_subtitle(const Comparison& c) {
  std::string out =
      "bars: p50 of the calls (entry runs), median of the runs (round trip); split bars stack\n"
      "the p50 of entry, kernel and exit: on a log axis read the numbers, not the heights";
  // Folder names when they fit on the title's line, a count when they do not.
  constexpr std::size_t kNamedFolders = 2;
  std::string emulated;
  std::size_t emulated_count = 0;
  for (const CompareFolder& f : c.folders) {
    if (cycle_kind(f.environment) == "hardware") continue;
    if (++emulated_count <= kNamedFolders)
      emulated += (emulated.empty() ? "" : ", ") + folder_name(f.folder);
  }
  if (emulated_count > kNamedFolders)
    emulated = std::to_string(emulated_count) + " folders (compare.csv)";
  if (emulated_count > 0) out += "\nemulated cycles (QEMU TCG or kvm_pvm): " + emulated;
  if (!c.differences.empty()) {
    constexpr std::size_t kNamed = 2;
    out += "\nMIXED environments (--mixed): ";
    for (std::size_t i = 0; i < c.differences.size() && i < kNamed; ++i)
      out += (i ? ", " : "") + c.differences[i].field;
    if (c.differences.size() > kNamed)
      out += " and " + std::to_string(c.differences.size() - kNamed) + " more";
    out += " differ (compare.csv)";
  }
  return out;
}

CompareFigure compare_figure(const Comparison& c) {
  CompareFigure figure;
  figure.subtitle = figure_subtitle(c);
  for (const CompareSeries& s : c.series) {
    CompareBar bar{.label = s.label(), .height = s.height()};
    if (s.split()) {
      bar.entry = s.entry;
      bar.kernel = s.kernel;
      bar.exit = s.exit;
      bar.round_trip = s.round_trip;
    } else if (s.round_trip) {
      bar.whole = s.round_trip;
    } else {
      bar.entry = s.entry;
    }
    figure.bars.push_back(std::move(bar));
  }
  return figure;
}

// Draws the figure; false after a gnuplot failure (a missing gnuplot is only warned about).
bool draw_figure(const Comparison& c, const fs::path& dir, std::ostream& out, std::ostream& err) {
  return print_drawing_report(dir, draw_compare_figure(dir, compare_figure(c)), out, err);
}

}  // namespace

bool print_drawing_report(const fs::path& dir, const OutputReport& report, std::ostream& out,
                          std::ostream& err) {
  print_plot_listing(out, dir, report, "plot data and gnuplot script");
  bool failed = false;
  for (const std::string& warning : report.warnings) {
    err << "WARNING: " << warning << '\n';
    failed = failed || warning != kGnuplotMissing;
  }
  return !failed;
}

int run_compare_command(const CompareOptions& o, std::ostream& out, std::ostream& err) {
  if (o.by_machine) return run_machine_compare(o, out, err);
  Comparison comparison;
  try {
    std::vector<CompareFolder> folders;
    for (const fs::path& dir : o.folders) folders.push_back(load_compare_folder(dir));
    comparison = make_comparison(std::move(folders), o.mixed);
    fs::create_directories(o.output_dir);
    write_compare_csv(o.output_dir / "compare.csv", comparison);
  } catch (const std::exception& e) {
    err << "collector compare: " << e.what() << '\n';
    return 1;
  }
  print_compare_table(out, comparison);
  out << "results: " << (o.output_dir / "compare.csv").string() << '\n';
  try {
    return draw_figure(comparison, o.output_dir, out, err) ? 0 : 1;
  } catch (const std::exception& e) {
    err << "collector compare: cannot write the plot data: " << e.what() << '\n';
    return 1;
  }
}

int run_compare_main(const std::vector<std::string>& args) {
  CompareOptions o;
  std::vector<std::string> folders;
  std::string output;
  std::string by;
  po::options_description desc("Options");
  desc.add_options()("help,h", "show this help")("output-dir,o", po::value(&output),
                                                 "output folder (default: results/compare-TIME)")(
      "mixed", po::bool_switch(&o.mixed),
      "draw folders of different machines or environments, recording the differences")(
      "by", po::value(&by), "machine: each DIR is one machine, drawn side by side");
  po::options_description hidden;
  hidden.add_options()("folder", po::value(&folders));
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description positional;
  positional.add("folder", -1);
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << kCompareUsage << '\n' << desc;
      return 0;
    }
  } catch (const po::error& e) {
    std::cerr << "collector compare: " << e.what() << " (see collector compare --help)\n";
    return 2;
  }
  if (!by.empty() && by != "machine") {
    std::cerr << "collector compare: --by must be machine, got '" << by
              << "' (see collector compare --help)\n";
    return 2;
  }
  o.by_machine = by == "machine";
  if (o.by_machine && o.mixed) {
    std::cerr << "collector compare: --mixed is for folders of one machine; --by machine "
                 "compares machines, which differ by design (see collector compare --help)\n";
    return 2;
  }
  if (folders.empty()) {
    std::cerr << "collector compare: give at least one results folder (see collector compare "
                 "--help)\n";
    return 2;
  }
  o.folders.assign(folders.begin(), folders.end());
  o.output_dir = output.empty() ? fs::path(default_output_dir("compare")) : fs::path(output);
  return run_compare_command(o, std::cout, std::cerr);
}

}  // namespace iprobe
