// The interposition benchmark in `collector suite`: no probe, so it runs early in its scenario;
// a mechanism the kernel refuses is skipped by the run itself (one line, in its results).
#include <string>

#include "benchmarks/interpose/interpose_results.hpp"
#include "benchmarks/interpose/interpose_runners.hpp"

namespace iprobe {

std::vector<SuiteStepSpec> interpose_suite_steps(ScenarioId scenario, SuiteSize size,
                                                 const MachineFacts& /*facts*/) {
  const bool quick = size == SuiteSize::kQuick;
  const bool emulated = scenario == ScenarioId::kLinuxQemu;
  // Under TCG a traced call costs ~1 ms: the guest gets a tenth of the calls even in a full suite.
  const uint64_t calls = quick ? (emulated ? 200 : 2'000) : (emulated ? 2'000 : 20'000);
  const uint32_t runs = quick ? 2 : 10;
  const double processes =
      static_cast<double>(runs * kInterposeMechanisms.size() * kInterposeCalls.size());
  // Each process makes a total and a per-call pass; a call under ptrace costs ~5 us natively.
  const double per_process = 2.0 * static_cast<double>(calls) * (emulated ? 1e-3 : 5e-6) + 0.05;
  return {{"",
           {"--iterations", std::to_string(calls), "--runs", std::to_string(runs)},
           0,
           scenario_overhead_seconds(scenario) + processes * per_process,
           ""}};
}

}  // namespace iprobe
