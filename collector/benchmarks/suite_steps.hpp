// What `collector suite` (suite/) asks of a benchmark kind: its steps in a scenario this machine
// can run (the collector's arguments of each: the sizes of a full or a --quick suite, a probe,
// ...), and those it has to leave out here, with the reason. A kind gives its own through its row
// of the table (BenchmarkKind::suite_steps); a kind without one gets default_suite_steps.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/hermitux/hermitux_check.hpp"
#include "scenarios/linux/host_probe_check.hpp"
#include "scenarios/qemu/qemu_check.hpp"
#include "util/enums.hpp"

namespace iprobe {

// What the suite found out about this machine, once, before planning.
struct MachineFacts {
  HostProbeFacts host;
  QemuFacts qemu;
  HermituxFacts hermitux;
};

enum class SuiteSize : uint8_t { kFull, kQuick };

struct SuiteStepSpec {
  std::string suffix;             // appended to the step's name KIND-SCENARIO ("tracepoint")
  std::vector<std::string> args;  // the collector's options besides --benchmark, --scenario, -o
  // How much of the machine the step changes (0: nothing but its own processes; a probe in the
  // kernel more): within a scenario the suite runs the least disturbing steps first.
  int disturbance = 0;
  double estimate_seconds = 30;  // a rough prior for the progress line's estimate
  std::string skipped;           // not empty: the step cannot run here, for this reason
};

// The fixed part of a step's time in each scenario (a guest's boot), for the estimates.
double scenario_overhead_seconds(ScenarioId scenario);

struct BenchmarkKind;
// One step with the kind's defaults; --quick: a tenth of its default --iterations.
std::vector<SuiteStepSpec> default_suite_steps(const BenchmarkKind& kind, ScenarioId scenario,
                                               SuiteSize size);

}  // namespace iprobe
