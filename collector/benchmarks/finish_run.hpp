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

// summary.json and the CSV files, the figures, the table and the "results:" line. Returns the
// exit status: 0, or 3 when the results fail --strict (one line on stderr says why). Throws
// std::runtime_error when the capture's logs cannot be used at all.
int report_capture(const Capture& capture, const ReportOptions& options);

// Records the provenance (collect_provenance of the capture's loop programs), writes
// raw/run.json, then reports (not in the guest). An interrupted run still gets a summary marked
// incomplete and exits 128 + the signal.
int finish_run(Capture& capture, const RunOptions& options);

}  // namespace iprobe
