// `--benchmark roundtrip --scenario linux`: the loop variants as plain processes on this kernel.
#include "benchmarks/roundtrip/roundtrip_runner.hpp"
#include "benchmarks/roundtrip/roundtrip_runners.hpp"
#include "env/environment.hpp"
#include "scenarios/common/child_process.hpp"
#include "scenarios/linux/tracepoint_capture.hpp"
#include "util/cpu_affinity.hpp"

namespace fs = std::filesystem;

namespace iprobe {

std::unique_ptr<Capture> capture_roundtrip_linux(const RunOptions& o) {
  const VariantPrograms programs = find_variant_programs(o);
  RoundtripPlan plan;
  plan.scenario = name(ScenarioId::kLinux);
  plan.loop_cpu = o.cpu >= 0 ? o.cpu : last_allowed_cpu();
  plan.environment = probe_environment("/", plan.loop_cpu);
  // Instances left with their events on by killed runs would slow every call timed here.
  if (std::optional<StaleSweep> sweep = sweep_stale_trace_instances()) {
    plan.stale_trace_instances = sweep->stale;
    plan.warnings = std::move(sweep->warnings);
  }
  // Keeps the collector's own wake-ups (polling the loop) off the CPU the loops are timed on.
  move_off_cpu(plan.loop_cpu);
  auto launch = [](const fs::path& program, const std::vector<std::string>& args,
                   const fs::path& log, const fs::path& err) {
    ChildSpec spec;
    spec.program = program;
    spec.args = args;
    spec.stdout_file = log;
    spec.stderr_file = err;
    spec.poll_interval = std::chrono::milliseconds(5);
    const ChildResult ended = run_child(spec);
    // A loop killed by a signal says so; one that exited explains itself on its stderr.
    return LaunchResult{ended.exit_code, ended.signal != 0 ? describe_end(ended) : "",
                        ended.signal};
  };
  return run_roundtrip(o, programs, std::move(plan), launch);
}

}  // namespace iprobe
