// `collector compare DIR... [-o OUT] [--mixed | --by machine]`: one figure and one table for any
// mix of results folders (entry latency and round trip; Linux, linux-qemu, HermiTux, rewritten,
// function calls), from their summary.json files. Runs no benchmark.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "plot/plot_drawer.hpp"

namespace iprobe {

inline constexpr const char* kCompareUsage =
    "usage: collector compare DIR... [-o OUT] [--mixed]\n"
    "       collector compare --by machine MACHINE_DIR... [-o OUT]\n"
    "\n"
    "Reads the summary.json of every results folder DIR (entry latency, --benchmark roundtrip\n"
    "or interpose, any scenario) and draws one figure: TSC cycles per call per\n"
    "scenario/variant (interpose: per mechanism and call) on a log scale, slowest first, with\n"
    "the entry / kernel / exit split stacked where the run measured it (summary.json\n"
    "`anatomy`). Bars: entry runs the p50 of their calls' entry latency (the sum of the\n"
    "parts' p50s when split; a dot marks the calls' round-trip p50), round-trip and\n"
    "interposition runs the median of their runs' cycles per call. Writes OUT/compare.svg,\n"
    "OUT/compare.png, OUT/compare.csv (tidy: one row per series and part, with the statistic\n"
    "and where it was measured) and OUT/plot-data/; prints the table. OUT defaults to\n"
    "results/compare-TIME.\n"
    "\n"
    "Cycles are compared only within one machine and environment: folders whose cpu_model,\n"
    "tsc_khz, kind of cycles (emulated TCG or hardware) or mitigations differ are refused,\n"
    "naming the field and the folders. --mixed draws them anyway and records the differences\n"
    "in the table, the figure and compare.csv. kernel, hypervisor and accel are not compared:\n"
    "the scenarios differ in them by design.\n"
    "\n"
    "--by machine: each MACHINE_DIR is one machine (a results folder, or a folder of them: a\n"
    "suite's, or a fleet host's results/fleet-TIME/HOST/), named after the folder. The figure\n"
    "puts the machines side by side per benchmark and variant or probe, each machine's CPU,\n"
    "kernel, hypervisor, kind of cycles and mitigations in a table under it; compare.csv has\n"
    "one row per series and machine, with the machine's environment. Different machines are\n"
    "the point here; emulated (QEMU TCG) and hardware cycles are labelled as such everywhere.\n"
    "A MACHINE_DIR whose own folders differ in environment is refused.\n"
    "\n"
    "Exit status: 0 drawn (gnuplot missing: warned, table and CSV written), 1 a folder that is\n"
    "missing, has no or an unreadable summary.json, or is an incomplete run, folders of\n"
    "different environments without --mixed, or a gnuplot failure; 2 a usage error.\n";

struct CompareOptions {
  std::vector<std::filesystem::path> folders;
  std::filesystem::path output_dir;
  bool mixed = false;
  bool by_machine = false;  // --by machine
};

// Lists what drawing wrote, warns about each problem; false after a gnuplot failure (a missing
// gnuplot is only warned about).
bool print_drawing_report(const std::filesystem::path& dir, const OutputReport& report,
                          std::ostream& out, std::ostream& err);

// Exit status as in kCompareUsage; one line on err for every failure.
int run_compare_command(const CompareOptions& options, std::ostream& out, std::ostream& err);

// The arguments after `compare`.
int run_compare_main(const std::vector<std::string>& args);

}  // namespace iprobe
