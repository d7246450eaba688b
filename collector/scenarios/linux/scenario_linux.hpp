// Folder scenarios/linux/: measuring on the running kernel (the host, or inside the project's
// QEMU guest): loading the probe module (kmod_loader), running the loop while draining /dev/kmsg,
// and handing the captured logs to report/.
//
// `--scenario linux`: measure on the running kernel (host, or inside the project's guest).
#pragma once

#include "report/report_pipeline.hpp"
#include "report/roundtrip.hpp"
#include "scenarios/common/run_options.hpp"

namespace iprobe {

// Loads/enables the probe, runs the loop while draining /dev/kmsg, keeps the user log and the
// kernel log or dump in options.output_dir/raw/, and returns that capture.
ReportInputs capture_linux_entry(const RunOptions& options);

// `--benchmark roundtrip`: the loop variants on the running kernel (no probe, no root).
RoundtripReportInputs capture_linux_roundtrip(const RunOptions& options);

}  // namespace iprobe
