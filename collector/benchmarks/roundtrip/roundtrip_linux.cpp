// `--benchmark roundtrip --scenario linux`: the loop variants as plain processes on this kernel.
#include "benchmarks/roundtrip/roundtrip_runner.hpp"
#include "benchmarks/roundtrip/roundtrip_runners.hpp"
#include "env/environment.hpp"
#include "util/cpu_affinity.hpp"

namespace iprobe {

std::unique_ptr<Capture> capture_roundtrip_linux(const RunOptions& o) {
  const LoopPrograms programs = find_variant_programs(o);
  RoundtripPlan plan;
  plan.scenario = name(ScenarioId::kLinux);
  plan.loop_cpu = o.cpu >= 0 ? o.cpu : last_allowed_cpu();
  plan.environment = probe_environment("/", plan.loop_cpu);
  sweep_before_loops(plan.stale_trace_instances, plan.warnings);
  // Keeps the collector's own wake-ups (polling the loop) off the CPU the loops are timed on.
  move_off_cpu(plan.loop_cpu);
  return run_roundtrip(o, programs, std::move(plan), launch_linux_loop);
}

}  // namespace iprobe
