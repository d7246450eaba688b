// `collector suite [-o DIR] [--quick] [--quiet] [--hermitux-prefix P] [--kernel K] [--skip
// NAME]...`: everything this machine can measure in one command (suite/): plans from the table of
// benchmark kinds and the scenarios' availability checks, runs every step as a child collector,
// draws `collector compare` per kind of cycles, writes suite.json and index.html.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace iprobe {

inline constexpr const char* kSuiteUsage =
    "usage: collector suite [-o DIR] [--quick] [--quiet] [--hermitux-prefix P] [--kernel K]\n"
    "                       [--skip NAME]...\n"
    "\n"
    "Finds what this machine can measure and measures it, in the order that disturbs the\n"
    "measurements least: on the host the round trip of every loop variant, then the entry\n"
    "latency with every probe the running kernel allows (tracepoint: root and tracefs; patch:\n"
    "a kernel with the ioctl_probe hook; module: the installed ioctl_probe module), then the\n"
    "linux-qemu guest (QEMU and a guest kernel: build/guest/bzImage or --kernel), then HermiTux\n"
    "(--hermitux-prefix or HERMITUX_PREFIX), and every other benchmark kind of the collector in\n"
    "each scenario it supports. What cannot run is one line saying why (and in suite.json).\n"
    "\n"
    "DIR (default results/suite-TIME, must be new or empty) gets one results folder per step\n"
    "(KIND-SCENARIO[-PROBE]/, read by `collector report` and `collector compare`), the steps'\n"
    "output in logs/, one compare figure and table per kind of cycles (compare-hardware/,\n"
    "compare-emulated/: emulated and hardware cycles are never drawn together), suite.json\n"
    "(the machine, each step's folder, exit status and wall time, what was skipped and why)\n"
    "and index.html, one self-contained page of it all.\n"
    "\n"
    "--quick: short runs for CI and fleets: entry 10000 calls on the host (1000 in a guest),\n"
    "round trip 10000 calls x 3 runs per variant (1000 x 2 under QEMU). Default: entry\n"
    "100000 calls (HermiTux 10000), round trip 100000 calls x 10 runs per variant.\n"
    "--skip NAME leaves out a scenario (linux-qemu), a benchmark (roundtrip) or a step\n"
    "(entry-linux-tracepoint). Progress goes to stderr; --quiet silences it.\n"
    "\n"
    "Exit status: 0 when everything that ran succeeded, 1 when a step or a comparison failed,\n"
    "2 a usage error, 128+N after signal N (the running step is stopped, the rest not run).\n";

struct SuiteOptions {
  std::filesystem::path output_dir;
  bool quick = false;
  bool quiet = false;
  std::filesystem::path hermitux_prefix;
  std::filesystem::path kernel;
  std::vector<std::string> skip;
  std::string command;  // as typed, for the record
};

int run_suite_command(const SuiteOptions& options, std::ostream& out, std::ostream& err);

// The arguments after `suite`.
int run_suite_main(const std::vector<std::string>& args);

}  // namespace iprobe
