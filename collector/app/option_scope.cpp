#include "app/option_scope.hpp"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "benchmarks/benchmark_table.hpp"

namespace po = boost::program_options;

namespace iprobe {

namespace {

bool given(const po::variables_map& vm, const std::string& option) {
  return vm.count(option) && !vm[option].defaulted();
}

// Options that only some scenarios use: elsewhere they would be accepted and ignored, so a
// user who passes one there is told instead.
struct ScenarioOnlyOption {
  std::string_view option;
  std::vector<ScenarioId> used_by;
};

const std::vector<ScenarioOnlyOption>& scenario_only_options() {
  using enum ScenarioId;
  static const std::vector<ScenarioOnlyOption> table{
      {"module", {kLinux, kLinuxQemu}},
      {"accel", {kLinuxQemu}},
      {"kernel", {kLinuxQemu}},
      {"qemu", {kLinuxQemu}},
      {"memory", {kLinuxQemu}},
      {"guest-kernel-params", {kLinuxQemu}},
      {"timeout", {kLinuxQemu, kHermitux}},
      {"hermitux-prefix", {kHermitux}},
      {"hermitux-proxy", {kHermitux}},
      {"hermitux-kernel", {kHermitux}},
      {"hermitux-memory", {kHermitux}},
      {"hermitux-cpus", {kHermitux}},
      {"hermitux-force-smp", {kHermitux}},
      {"entry-variant", {kHermitux}},
      {"kvm-device", {kHermitux}},
      {"rewrite", {kHermitux}},
      {"replay", {kHermitux}},
  };
  return table;
}

}  // namespace

void check_scenario_options(const po::variables_map& vm, ScenarioId scenario) {
  for (const auto& [option, used_by] : scenario_only_options()) {
    const std::string o(option);
    if (!given(vm, o)) continue;
    if (std::find(used_by.begin(), used_by.end(), scenario) != used_by.end()) continue;
    std::string where;
    for (std::size_t i = 0; i < used_by.size(); ++i)
      where += (i == 0 ? "" : " or ") + name(used_by[i]);
    throw std::invalid_argument("--" + o + " applies to --scenario " + where + " only");
  }
}

void check_probe_options(const po::variables_map& vm, const std::vector<Probe>& probes) {
  if (probes == std::vector{Probe::kTracepoint} && given(vm, "mode"))
    throw std::invalid_argument(
        "--mode applies to the patch and module probes: the tracepoints' stamps go to the "
        "trace ring buffer");
}

// Options of one benchmark kind (its row's own_options) are refused for the others, unless the
// chosen kind has them too.
void check_benchmark_options(const po::variables_map& vm, Benchmark benchmark) {
  const std::span<const std::string_view> mine = benchmark_kind(benchmark).own_options;
  for (const BenchmarkKind& kind : benchmark_kinds()) {
    if (kind.benchmark == benchmark) continue;
    for (const std::string_view option : kind.own_options) {
      const std::string o(option);
      if (std::find(mine.begin(), mine.end(), option) != mine.end()) continue;
      if (given(vm, o))
        throw std::invalid_argument("--" + o + " applies to --benchmark " + name(kind.benchmark) +
                                    " only");
    }
  }
}

}  // namespace iprobe
