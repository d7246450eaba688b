#include "benchmarks/entry/entry_linux_plan.hpp"

#include <ioctl_probe/ioctl_probe.h>
#include <unistd.h>

#include <iostream>
#include <stdexcept>

#include "benchmarks/loop_argv.hpp"
#include "logs/stamp_line.hpp"
#include "scenarios/linux/kmod_loader.hpp"
#include "scenarios/linux/probe_auto.hpp"
#include "scenarios/linux/tracepoint_instance.hpp"
#include "util/cpu_affinity.hpp"
#include "util/file_util.hpp"
#include "util/run_id.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

// --probe as named, or auto's choice from what the running kernel offers.
ProbeDecision decide_probes(const RunOptions& o) {
  if (!o.probes.empty()) return named_probes(o.probes);
  LinuxProbeFacts facts = read_linux_probe_facts("/", o.module_path);
  if (facts.module_support && o.module_path.empty())
    facts.module_installed = find_installed_module(IOPROBE_MODULE_NAME);
  return choose_linux_probe(facts);
}

// Root, a probe this system can use, and a buffer the kernel can hold.
void check_linux_prerequisites(const RunOptions& o, const LinuxRunPlan& plan) {
  // The tracepoints first: with them alone, their message says best what is missing.
  if (plan.tracepoint) check_tracepoint_prerequisites();
  if (plan.probe == Probe::kTracepoint) return;
  if (geteuid() != 0)
    throw std::runtime_error(
        "--scenario linux needs root (it loads a kernel module or switches the patched hook, "
        "and reads /dev/kmsg): run it with sudo, or use --scenario linux-qemu, which changes "
        "nothing on this host");
  if (plan.probe == Probe::kModule && !module_loading_supported())
    throw std::runtime_error(
        "this system cannot load kernel modules (/proc/modules is missing): use "
        "--scenario linux-qemu to measure on the project's kernel under QEMU");
  if (o.mode == Mode::kBuffer && o.iterations + o.warmup > IOPROBE_BUFFER_MAX_ENTRIES)
    throw std::runtime_error("--iterations + --warmup must not exceed " +
                             std::to_string(IOPROBE_BUFFER_MAX_ENTRIES) +
                             " in buffer mode (the kernel buffer is bounded)");
}

}  // namespace

LinuxRunPlan plan_linux_run(const RunOptions& o) {
  LinuxRunPlan plan;
  plan.decision = decide_probes(o);
  plan.probe = loop_probe(plan.decision.chosen);
  plan.tracepoint = uses_tracepoint(plan.decision.chosen);
  plan.tracepoint_cost = plan.probe == Probe::kTracepoint;
  // A refusal stays one line: the choice is printed once the chosen probe can run, and a probe
  // named with --probe needs no line of its own.
  check_linux_prerequisites(o, plan);
  if (!o.quiet && o.probes.empty())
    std::cerr << "collector: probe " << probe_list_name(plan.decision.chosen) << " ("
              << plan.decision.requested << "): " << plan.decision.reason << "\n";
  plan.loop = find_sibling_program("entry-loop", o.loop_path);
  plan.raw = o.output_dir / "raw";
  fs::create_directories(plan.raw);
  const std::vector<int> cpus = allowed_cpus();
  plan.loop_cpu = o.cpu >= 0 ? o.cpu : (cpus.empty() ? 0 : cpus.back());
  for (int c : cpus)
    if (c != plan.loop_cpu) plan.drain_cpu = c;
  plan.run = o.run_id ? *o.run_id : random_run_id();
  return plan;
}

ChildResult run_entry_loop(const RunOptions& o, const LinuxRunPlan& plan,
                           const LoopProcess& process) {
  ChildSpec spec;
  spec.program = plan.loop;
  spec.args =
      loop_argv(o, {plan.loop_cpu, process.run, {"--probe", name(plan.probe)}, process.calls});
  spec.stdout_file = process.log;
  spec.stderr_file = process.err;
  return run_child(spec);
}

}  // namespace iprobe
