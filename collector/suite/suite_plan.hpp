// Folder suite/: `collector suite`, everything this machine can measure in one command: what
// it can run (each scenario's own availability check, each kind's steps: suite_plan), the steps
// run one by one as child collectors with progress on stderr (suite_run, suite_progress), the
// suite's record suite.json (suite_record), which runs share a comparison figure
// (suite_compare) and the suite's index.html (suite_page). Uses benchmarks/ (the table of kinds),
// scenarios/ (the checks), compare/ and export/; app/suite_command drives it.
//
// The plan: the steps this machine can run, in the order that disturbs the measurements least
// (the host before the guests; within a scenario, the steps that change least of the machine
// first), and the ones it cannot, each with the reason.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "benchmarks/suite_steps.hpp"
#include "scenarios/common/run_options.hpp"

namespace iprobe {

struct SuiteStep {
  std::string name;  // KIND-SCENARIO[-SUFFIX], also the name of its results folder
  Benchmark benchmark = Benchmark::kEntry;
  ScenarioId scenario = ScenarioId::kLinux;
  std::vector<std::string> args;  // the collector's arguments, all but -o
  int disturbance = 0;
  double estimate_seconds = 0;
};

struct SuiteSkip {
  std::string name;    // a step's name, or KIND-SCENARIO when the whole scenario is out
  std::string reason;  // one line
};

struct SuitePlan {
  std::vector<SuiteStep> steps;  // in run order
  std::vector<SuiteSkip> skipped;
};

struct SuiteRequest {
  SuiteSize size = SuiteSize::kFull;
  // --skip: scenario, benchmark or step names the user leaves out.
  std::vector<std::string> left_out;
  // Options every step of a scenario gets (--kernel for linux-qemu, --hermitux-prefix, ...).
  std::vector<std::pair<ScenarioId, std::vector<std::string>>> scenario_args;
};

// The facts the plan is made from, read from the running system. `options` carries the paths
// the user gave (--kernel, --qemu, --hermitux-prefix).
MachineFacts read_machine_facts(const RunOptions& options);

// "" when the scenario can run here (the scenario's own check), else why not.
std::string scenario_unavailable(ScenarioId scenario, const MachineFacts& facts);

// The plan for this machine. Throws std::invalid_argument when a --skip name names no scenario,
// benchmark or step.
SuitePlan plan_suite(const MachineFacts& facts, const SuiteRequest& request);

}  // namespace iprobe
