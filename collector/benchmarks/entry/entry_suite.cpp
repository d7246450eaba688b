// The entry-latency benchmark in `collector suite`.
#include <array>

#include "benchmarks/entry/entry_runners.hpp"

namespace iprobe {
namespace {

// The host's probes, least disturbing first: the tracepoints only switch events on, the patch
// flips a static key (kernel text), the module is loaded into the kernel.
constexpr std::array kHostProbes{Probe::kTracepoint, Probe::kPatch, Probe::kModule};

std::vector<std::string> iterations(uint64_t calls) {
  return {"--iterations", std::to_string(calls)};
}

}  // namespace

std::vector<SuiteStepSpec> entry_suite_steps(ScenarioId scenario, SuiteSize size,
                                             const MachineFacts& facts) {
  const bool quick = size == SuiteSize::kQuick;
  const double overhead = scenario_overhead_seconds(scenario);
  if (scenario == ScenarioId::kLinuxQemu)  // its kernel carries the patch: the default probe
    return {{"", iterations(quick ? 1'000 : 100'000), 0, overhead + (quick ? 2 : 15), ""}};
  if (scenario == ScenarioId::kHermitux)
    return {{"", iterations(quick ? 1'000 : 10'000), 0, overhead + (quick ? 3 : 20), ""}};
  std::vector<SuiteStepSpec> steps;
  int disturbance = 1;
  for (const Probe probe : kHostProbes) {
    SuiteStepSpec step{name(probe), iterations(quick ? 10'000 : 100'000), disturbance++,
                       quick ? 3.0 : 8.0, host_probe_unavailable(probe, facts.host)};
    step.args.insert(step.args.begin(), {"--probe", name(probe)});
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace iprobe
