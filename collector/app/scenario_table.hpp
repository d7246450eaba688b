// The scenarios, as a table like `perf bench`'s: {scenario, entry, roundtrip}. Each entry
// captures a measurement and returns the capture; run_measurement hands it to the one closing
// path (scenarios/common/finish_run), which writes raw/run.json, pairs and reports.
#pragma once

#include "report/report_pipeline.hpp"
#include "report/roundtrip.hpp"
#include "scenarios/common/run_options.hpp"

namespace iprobe {

struct ScenarioRunners {
  ScenarioId scenario;
  ReportInputs (*entry)(const RunOptions&);
  RoundtripReportInputs (*roundtrip)(const RunOptions&);
};

const ScenarioRunners& scenario_runners(ScenarioId scenario);

// Runs options.benchmark in options.scenario; returns the exit status.
int run_measurement(const RunOptions& options);

}  // namespace iprobe
