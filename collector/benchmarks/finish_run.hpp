// The one closing path of every measurement: the kind's runner hands over its capture; this
// writes raw/run.json and, except inside the project's guest (which only captures), builds the
// results once and writes every output through the exporters. `collector parse` reports a
// capture of the logs it is given through the same report_capture.
#pragma once

#include <filesystem>

#include "benchmarks/capture.hpp"
#include "scenarios/common/run_options.hpp"

namespace iprobe {

struct ReportOptions {
  std::filesystem::path output_dir;
  bool table = true;  // print the table and list the figures (not with --quiet)
  bool plots = true;  // draw the figures (not inside the guest, which has no gnuplot)
};

// The exit status of a run whose results are partial (its loop killed by a signal, ...); an
// interrupted run exits 128 + the signal instead. summary.json says "incomplete": true then, and
// only then.
inline constexpr int kExitIncomplete = 4;

// summary.json and the CSV files, the figures, the table and the "results:" line. Returns the
// exit status: 0; 3 when the results fail --strict (one line on stderr says why); when they are
// incomplete (the capture says so, or the collector was interrupted), incomplete_exit_status().
// Throws std::runtime_error when the capture's logs cannot be used at all.
int report_capture(const Capture& capture, const ReportOptions& options);

// 128 + the signal when the collector was interrupted, else kExitIncomplete.
int incomplete_exit_status();

// Writes raw/run.json, then reports (not in the guest). A run whose results are partial still
// gets a summary marked incomplete (a stub saying why when its logs hold nothing usable) and
// exits with incomplete_exit_status().
int finish_run(const Capture& capture, const RunOptions& options);

}  // namespace iprobe
