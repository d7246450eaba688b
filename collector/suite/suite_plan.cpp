#include "suite/suite_plan.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <stdexcept>

#include "benchmarks/benchmark_table.hpp"

namespace iprobe {
namespace {

struct ScenarioCheck {
  ScenarioId scenario;
  std::string (*unavailable)(const MachineFacts& facts);
};

// In the suite's run order: the host while nothing else runs, then the guests, whose emulation
// or virtualization keeps the CPUs busy. The host itself is always there; its probes are
// checked per step (entry_suite_steps).
constexpr std::array kScenarioChecks{
    ScenarioCheck{ScenarioId::kLinux, [](const MachineFacts&) { return std::string(); }},
    ScenarioCheck{ScenarioId::kLinuxQemu,
                  [](const MachineFacts& f) { return qemu_unavailable(f.qemu); }},
    ScenarioCheck{ScenarioId::kHermitux,
                  [](const MachineFacts& f) { return hermitux_unavailable(f.hermitux); }},
};
static_assert(kScenarioChecks.size() == kScenarioNames.size(), "a scenario without its check");

bool runs_in(const BenchmarkKind& kind, ScenarioId scenario) {
  return std::any_of(kind.runners.begin(), kind.runners.end(),
                     [&](const ScenarioRunner& r) { return r.scenario == scenario; });
}

std::vector<SuiteStepSpec> kind_steps(const BenchmarkKind& kind, ScenarioId scenario,
                                      const MachineFacts& facts, SuiteSize size) {
  if (kind.suite_steps != nullptr) return kind.suite_steps(scenario, size, facts);
  return default_suite_steps(kind, scenario, size);
}

// The --skip name that leaves the step out, or "".
std::string left_out_by(const SuiteRequest& request, const std::vector<std::string>& names) {
  for (const std::string& skip : request.left_out)
    if (std::find(names.begin(), names.end(), skip) != names.end()) return skip;
  return "";
}

SuiteStep make_step(const BenchmarkKind& kind, ScenarioId scenario, const SuiteStepSpec& spec,
                    const SuiteRequest& request, std::string step_name) {
  SuiteStep step{std::move(step_name), kind.benchmark,       scenario, {},
                 spec.disturbance,     spec.estimate_seconds};
  step.args = {"--benchmark", name(kind.benchmark), "--scenario", name(scenario)};
  step.args.insert(step.args.end(), spec.args.begin(), spec.args.end());
  for (const auto& [for_scenario, args] : request.scenario_args)
    if (for_scenario == scenario) step.args.insert(step.args.end(), args.begin(), args.end());
  return step;
}

// The steps of one scenario (in the kinds' order), and what it leaves out.
void plan_scenario(const ScenarioCheck& check, const MachineFacts& facts,
                   const SuiteRequest& request, SuitePlan& plan, std::set<std::string>& names) {
  const std::string scenario = name(check.scenario);
  const std::string unavailable = check.unavailable(facts);
  std::vector<SuiteStep> steps;
  for (const BenchmarkKind& kind : benchmark_kinds()) {
    if (!runs_in(kind, check.scenario)) continue;
    const std::string base = name(kind.benchmark) + "-" + scenario;
    names.insert(base);
    if (!unavailable.empty()) {
      plan.skipped.push_back({base, unavailable});
      continue;
    }
    for (const SuiteStepSpec& spec : kind_steps(kind, check.scenario, facts, request.size)) {
      const std::string step = spec.suffix.empty() ? base : base + "-" + spec.suffix;
      names.insert(step);
      const std::string skip = left_out_by(request, {scenario, name(kind.benchmark), base, step});
      if (!spec.skipped.empty()) {
        plan.skipped.push_back({step, spec.skipped});
      } else if (!skip.empty()) {
        plan.skipped.push_back({step, "left out with --skip " + skip});
      } else {
        steps.push_back(make_step(kind, check.scenario, spec, request, step));
      }
    }
  }
  std::stable_sort(steps.begin(), steps.end(), [](const SuiteStep& a, const SuiteStep& b) {
    return a.disturbance < b.disturbance;
  });
  plan.steps.insert(plan.steps.end(), steps.begin(), steps.end());
}

}  // namespace

MachineFacts read_machine_facts(const RunOptions& o) {
  return MachineFacts{read_host_probe_facts(), read_qemu_facts(o.kernel_image, o.qemu),
                      read_hermitux_facts(o)};
}

std::string scenario_unavailable(ScenarioId scenario, const MachineFacts& facts) {
  for (const ScenarioCheck& check : kScenarioChecks)
    if (check.scenario == scenario) return check.unavailable(facts);
  return "no check for scenario " + name(scenario);
}

SuitePlan plan_suite(const MachineFacts& facts, const SuiteRequest& request) {
  SuitePlan plan;
  std::set<std::string> names;
  for (const auto& s : kScenarioNames) names.insert(std::string(s.name));
  for (const BenchmarkKind& kind : benchmark_kinds()) names.insert(name(kind.benchmark));
  for (const ScenarioCheck& check : kScenarioChecks)
    plan_scenario(check, facts, request, plan, names);
  for (const std::string& skip : request.left_out) {
    if (names.contains(skip)) continue;
    std::string known;
    for (const std::string& n : names) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("--skip " + skip + " names no scenario, benchmark or step (" +
                                known + ")");
  }
  return plan;
}

}  // namespace iprobe
