#include "benchmarks/suite_steps.hpp"

#include <algorithm>

#include "benchmarks/benchmark_table.hpp"

namespace iprobe {

double scenario_overhead_seconds(ScenarioId scenario) {
  switch (scenario) {
    case ScenarioId::kLinuxQemu:
      return 25;  // initramfs, boot under TCG, results back
    case ScenarioId::kHermitux:
      return 5;
    case ScenarioId::kLinux:
      break;
  }
  return 1;
}

std::vector<SuiteStepSpec> default_suite_steps(const BenchmarkKind& kind, ScenarioId scenario,
                                               SuiteSize size) {
  SuiteStepSpec step;
  if (size == SuiteSize::kQuick)
    step.args = {"--iterations",
                 std::to_string(std::max<uint64_t>(1, kind.default_iterations / 10))};
  step.estimate_seconds =
      scenario_overhead_seconds(scenario) + (size == SuiteSize::kQuick ? 5 : 30);
  return {step};
}

}  // namespace iprobe
