// `collector report DIR`: reads a saved results folder once (summary.json and the CSV its
// figures need) and writes the run's table and figures again through the exporters, without
// running anything.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace iprobe {

inline constexpr const char* kReportUsage =
    "usage: collector report DIR [--html]\n"
    "\n"
    "Re-draws the plots of a results folder written with --output-dir DIR (roundtrip.svg/.png\n"
    "from runs.csv; entry_hist and entry_cdf .svg/.png from pairs.csv; data and gnuplot\n"
    "scripts in DIR/plot-data/) and prints the run's table again from summary.json. Runs no\n"
    "benchmark. Needs gnuplot (Debian: gnuplot-nox) for the plots; without it only the table\n"
    "is printed.\n"
    "\n"
    "--html also writes DIR/index.html: one self-contained page (styles and figures inline, no\n"
    "script, nothing fetched) with the machine and its warnings, the table, the figures, the\n"
    "per-call anatomy, the accounting, every summary.json member and links to the files. For a\n"
    "folder written by `collector suite` (it holds suite.json), the suite's page is written\n"
    "again instead: every run, the comparisons and what was skipped.\n";

// Exit status: 0 done (also when gnuplot is missing: warned), 1 a missing or corrupted results
// folder or file (one line on err naming it and what to do) or a gnuplot failure.
int run_report_command(const std::filesystem::path& dir, std::ostream& out, std::ostream& err,
                       bool html = false);

// The arguments after `report`: DIR [--html], or -h/--help. Usage errors exit 2.
int run_report_main(const std::vector<std::string>& args);

}  // namespace iprobe
