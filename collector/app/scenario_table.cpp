#include "app/scenario_table.hpp"

#include <array>
#include <stdexcept>

#include "scenarios/common/finish_run.hpp"
#include "scenarios/hermitux/scenario_hermitux.hpp"
#include "scenarios/linux/scenario_linux.hpp"
#include "scenarios/qemu/scenario_qemu.hpp"

namespace iprobe {
namespace {

constexpr std::array kScenarioRunners{
    ScenarioRunners{ScenarioId::kLinuxQemu, capture_qemu_entry, capture_qemu_roundtrip},
    ScenarioRunners{ScenarioId::kLinux, capture_linux_entry, capture_linux_roundtrip},
    ScenarioRunners{ScenarioId::kHermitux, capture_hermitux_entry, capture_hermitux_roundtrip},
};
static_assert(kScenarioRunners.size() == kScenarioNames.size(), "a scenario without runners");

}  // namespace

const ScenarioRunners& scenario_runners(ScenarioId scenario) {
  for (const ScenarioRunners& runners : kScenarioRunners)
    if (runners.scenario == scenario) return runners;
  throw std::logic_error("scenario " + name(scenario) + " has no runners");
}

int run_measurement(const RunOptions& o) {
  const ScenarioRunners& runners = scenario_runners(o.scenario);
  if (o.benchmark == Benchmark::kRoundtrip) return finish_roundtrip_run(runners.roundtrip(o), o);
  return finish_entry_run(runners.entry(o), o);
}

}  // namespace iprobe
