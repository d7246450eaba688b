// The one closing path of every measurement: the scenario hands over its capture; this writes
// raw/run.json and, except inside the project's guest (which only captures), pairs and reports
// once through report/.
#pragma once

#include "report/report_pipeline.hpp"
#include "report/roundtrip.hpp"
#include "scenarios/common/run_options.hpp"

namespace iprobe {

// Both return the process exit status.
int finish_entry_run(ReportInputs capture, const RunOptions& options);
int finish_roundtrip_run(RoundtripReportInputs capture, const RunOptions& options);

}  // namespace iprobe
