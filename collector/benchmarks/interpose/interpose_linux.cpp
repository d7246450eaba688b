// `--benchmark interpose --scenario linux`: the mechanisms as plain processes on this kernel.
#include <algorithm>

#include "benchmarks/interpose/interpose_results.hpp"
#include "benchmarks/interpose/interpose_runner.hpp"
#include "benchmarks/interpose/interpose_runners.hpp"
#include "env/environment.hpp"
#include "util/cpu_affinity.hpp"

namespace iprobe {

std::unique_ptr<Capture> capture_interpose_linux(const RunOptions& o) {
  const LoopPrograms programs = find_mechanism_programs(o);
  InterposePlan plan;
  plan.scenario = name(ScenarioId::kLinux);
  plan.loop_cpu = o.cpu >= 0 ? o.cpu : last_allowed_cpu();
  // Supervisors and tracers share the loop's CPU unless told otherwise (doc/interposition.md).
  plan.supervisor_cpu = o.supervisor_cpu >= 0 ? o.supervisor_cpu : plan.loop_cpu;
  plan.environment = probe_environment("/", plan.loop_cpu);
  sweep_before_loops(plan.stale_trace_instances, plan.warnings);
  // As many stamped calls as measured ones, up to what the loop keeps in memory (10M deltas).
  plan.extra_args = {"--supervisor-cpu", std::to_string(plan.supervisor_cpu), "--percall",
                     std::to_string(std::min<uint64_t>(o.iterations, kInterposeMaxPercall))};
  // Keeps the collector's own wake-ups (polling the loop) off the CPU the loops are timed on.
  move_off_cpu(plan.loop_cpu);
  return run_interpose(o, programs, std::move(plan), launch_linux_loop);
}

}  // namespace iprobe
