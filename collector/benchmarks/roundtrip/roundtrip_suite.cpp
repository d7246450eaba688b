// The round-trip benchmark in `collector suite`: no probe, so it runs first in its scenario.
#include "benchmarks/roundtrip/roundtrip_runners.hpp"

namespace iprobe {

std::vector<SuiteStepSpec> roundtrip_suite_steps(ScenarioId scenario, SuiteSize size,
                                                 const MachineFacts& /*facts*/) {
  const bool quick = size == SuiteSize::kQuick;
  // HermiTux boots one guest per run; a guest under TCG runs a call ~50 times slower.
  const double per_run = scenario == ScenarioId::kHermitux    ? scenario_overhead_seconds(scenario)
                         : scenario == ScenarioId::kLinuxQemu ? 3.0
                                                              : 0.3;
  if (!quick)  // the kind's defaults: 100000 calls, 10 runs per variant
    return {{"", {}, 0, scenario_overhead_seconds(scenario) + 10 * per_run * 7, ""}};
  const bool emulated = scenario == ScenarioId::kLinuxQemu;
  return {{"",
           {"--iterations", emulated ? "1000" : "10000", "--runs", emulated ? "2" : "3"},
           0,
           scenario_overhead_seconds(scenario) + 3 * per_run * 2,
           ""}};
}

}  // namespace iprobe
