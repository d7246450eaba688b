// The entry-latency benchmark under --scenario linux: the probe on the running kernel (host,
// or inside the project's QEMU guest), the loop, the kernel's side of the stamps.
#include <fcntl.h>
#include <ioctl_probe/ioctl_probe.h>
#include <sched.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "benchmarks/entry/entry_capture.hpp"
#include "benchmarks/entry/entry_runners.hpp"
#include "env/environment.hpp"
#include "logs/kmsg_drain.hpp"
#include "logs/stamp_line.hpp"
#include "scenarios/common/child_process.hpp"
#include "scenarios/common/interrupt.hpp"
#include "scenarios/linux/kmod_loader.hpp"
#include "scenarios/linux/patch_hook.hpp"
#include "scenarios/linux/tracepoint_capture.hpp"
#include "util/cpu_affinity.hpp"
#include "util/file_util.hpp"
#include "util/run_id.hpp"

namespace fs = std::filesystem;

namespace iprobe {

namespace {

// Evidence for the record (and the tests) that the probes are as they were before the run.
void record_probe_state(const fs::path& raw) {
  copy_stream_file("/proc/modules", raw / "modules-after.txt");
  // The run's tracefs instance is gone (a guest's tracefs is at the usual place).
  const fs::path instances = "/sys/kernel/tracing/instances";
  if (fs::is_directory(instances)) {
    std::string names;
    for (const auto& e : fs::directory_iterator(instances))
      names += e.path().filename().string() + "\n";
    write_text_file(raw / "trace-instances-after.txt", names);
  }
  const fs::path dir = IOPROBE_PATCH_PARAM_DIR;
  if (fs::exists(dir / "mode"))
    write_text_file(raw / "hook-after.txt", "mode=" + read_text_file(dir / "mode", 64) +
                                                "entries=" + read_text_file(dir / "entries", 64));
}

// An interrupted run: the summary says so (summary.json "extra": {"incomplete": ...}).
void mark_incomplete(EntryCapture& capture) {
  for (const auto& [key, value] : capture.extra)
    if (key == "incomplete") return;
  const std::string why = "interrupted by signal " + std::to_string(interrupt_signal()) + " (" +
                          strsignal(interrupt_signal()) +
                          "): the loop was stopped early, the results are partial";
  capture.extra.emplace_back("incomplete", why);
  capture.warnings.push_back(why);
}

// Root, a probe this system can use, and a buffer the kernel can hold.
void check_linux_prerequisites(const RunOptions& o, Probe probe) {
  // The tracepoints first: with them alone, their message says best what is missing.
  if (uses_tracepoint(o.probes)) check_tracepoint_prerequisites();
  if (probe == Probe::kTracepoint) return;
  if (geteuid() != 0)
    throw std::runtime_error(
        "--scenario linux needs root (it loads a kernel module or switches the patched hook, "
        "and reads /dev/kmsg): run it with sudo, or use --scenario linux-qemu, which changes "
        "nothing on this host");
  if (probe == Probe::kModule && !module_loading_supported())
    throw std::runtime_error(
        "this system cannot load kernel modules (/proc/modules is missing): use "
        "--scenario linux-qemu to measure on the project's kernel under QEMU");
  if (o.mode == Mode::kBuffer && o.iterations + o.warmup > IOPROBE_BUFFER_MAX_ENTRIES)
    throw std::runtime_error("--iterations + --warmup must not exceed " +
                             std::to_string(IOPROBE_BUFFER_MAX_ENTRIES) +
                             " in buffer mode (the kernel buffer is bounded)");
}

struct LinuxRunPlan {
  Probe probe = Probe::kModule;  // whose command the loop issues (loop_probe)
  bool tracepoint = false;       // the syscall tracepoints stamp the calls too
  fs::path loop;
  fs::path raw;
  int loop_cpu = 0;
  int drain_cpu = -1;  // -1: no CPU left for the drain, it shares the loop's
  uint32_t run = 0;
};

LinuxRunPlan plan_linux_run(const RunOptions& o) {
  LinuxRunPlan plan;
  plan.probe = o.probes.empty() ? Probe::kModule : loop_probe(o.probes);
  plan.tracepoint = uses_tracepoint(o.probes);
  check_linux_prerequisites(o, plan.probe);
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

// Runs the loop with its stdout in raw/user.log; returns its exit status.
int run_entry_loop(const RunOptions& o, const LinuxRunPlan& plan) {
  if (!o.quiet)
    std::cerr << "collector: run " << run_hex(plan.run) << ": " << o.iterations << " ioctl calls (+"
              << o.warmup << " warm-up) on CPU " << plan.loop_cpu << ", probe " << name(plan.probe)
              << ", mode " << name(o.mode) << "\n";
  std::vector<std::string> args{"--iterations", std::to_string(o.iterations),
                                "--warmup",     std::to_string(o.warmup),
                                "--cpu",        std::to_string(plan.loop_cpu),
                                "--run-id",     run_hex(plan.run),
                                "--probe",      name(plan.probe)};
  if (o.floor_samples > 0)
    args.insert(args.end(), {"--floor-samples", std::to_string(o.floor_samples)});
  ChildSpec spec;
  spec.program = plan.loop;
  spec.args = std::move(args);
  spec.stdout_file = plan.raw / "user.log";
  spec.stderr_file = plan.raw / "loop-stderr.log";
  return run_child(spec).exit_code;
}

// The drain's audit and the loop's status, as warnings (or an error when nothing was logged).
void note_drain_and_loop(const KmsgDrainStats& ds, int loop_status, const fs::path& raw,
                         EntryCapture& capture) {
  capture.kmsg_epipe = ds.epipe;
  capture.kmsg_seq_gap = ds.seq_gap;
  if (!ds.marker_seen)
    capture.warnings.push_back(
        "the end marker never came back through /dev/kmsg within 30 s: the kernel log "
        "may be incomplete");
  if (ds.epipe > 0)
    capture.warnings.push_back("/dev/kmsg reader fell behind " + std::to_string(ds.epipe) +
                               " time(s): " + std::to_string(ds.seq_gap) +
                               " kernel log records were overwritten before they were read");
  if (loop_status == 0 || interrupted()) return;
  std::string err = read_text_file(raw / "loop-stderr.log", 4096);
  if (!fs::exists(raw / "user.log") || fs::file_size(raw / "user.log") == 0)
    throw std::runtime_error("the loop failed (exit " + std::to_string(loop_status) +
                             "): " + (err.empty() ? "no message" : err));
  capture.warnings.push_back("the loop exited with status " + std::to_string(loop_status) + ": " +
                             err);
}

uint32_t stamp_command(Probe probe) {
  if (probe == Probe::kPatch) return IOPROBE_PATCH_STAMP;
  if (probe == Probe::kModule) return IOPROBE_MOD_STAMP;
  return IOPROBE_TRACE_STAMP;
}

TracepointPlan tracepoint_plan(const RunOptions& o, const LinuxRunPlan& plan) {
  TracepointPlan t;
  t.run = plan.run;
  t.cmd = stamp_command(plan.probe);
  t.cpu = plan.loop_cpu;
  t.calls = o.iterations + o.warmup;
  t.log = plan.raw / "tracepoint.log";
  return t;
}

// The tracepoint log joins the kernel logs; the ring buffer's losses become warnings.
void note_tracepoint(const TracepointResult& r, EntryCapture& capture) {
  capture.kernel_logs.push_back(r.log);
  capture.extra.emplace_back("trace_clock", r.clock);
  capture.extra.emplace_back("trace_instance", r.instance);
  capture.extra.emplace_back("trace_lost_events", std::to_string(r.lost_events));
  capture.extra.emplace_back("trace_enter_without_exit", std::to_string(r.tally.enter_no_exit));
  if (r.lost_events > 0)
    capture.warnings.push_back("the trace ring buffer lost " + std::to_string(r.lost_events) +
                               " event(s) (per_cpu stats overrun/dropped): counted as lost");
}

// With the probe enabled: drain /dev/kmsg, run the loop, keep the kernel's side of the stamps.
// Returns the kernel log history the drain saw (for the TSC frequency).
std::string measure_with_probe(const RunOptions& o, const LinuxRunPlan& plan,
                               EntryCapture& capture) {
  const uint64_t entries = o.iterations + o.warmup;
  std::string history;
  std::optional<LoadedModule> module;
  std::optional<PatchHookGuard> hook;
  // With the tracepoints alone there is nothing to load or switch.
  if (plan.probe == Probe::kModule) {
    // Without --module: the installed module by name (ioctl-probe-dkms), never a stray file.
    module.emplace(o.module_path, IOPROBE_MODULE_NAME,
                   "mode=" + name(o.mode) +
                       (o.mode == Mode::kBuffer ? " entries=" + std::to_string(entries) : ""));
  } else if (plan.probe == Probe::kPatch) {
    hook.emplace(o.mode, entries);
  }
  KmsgDrain drain(plan.raw / "kmsg.log", plan.drain_cpu, &history);
  std::optional<TracepointCapture> trace;
  if (plan.tracepoint) trace.emplace(tracepoint_plan(o, plan));
  const int loop_status = run_entry_loop(o, plan);
  if (trace) note_tracepoint(trace->finish(), capture);
  if (interrupted()) mark_incomplete(capture);
  // After a signal, take what the drain has read so far instead of waiting for the marker.
  note_drain_and_loop(
      drain.finish(plan.run, interrupted() ? std::chrono::seconds(0) : std::chrono::seconds(30),
                   interrupted),
      loop_status, plan.raw, capture);
  if (plan.probe == Probe::kTracepoint) return history;  // its log is the only kernel log
  if (o.mode == Mode::kBuffer) {
    const fs::path dump = plan.probe == Probe::kModule ? fs::path(IOPROBE_MODULE_DEVICE)
                                                       : fs::path(IOPROBE_PATCH_DUMP_FILE);
    // A signal stops the copy promptly; the part copied stays in raw/.
    if (!copy_stream_file(dump, plan.raw / "kernel-dump.log", interrupted))
      mark_incomplete(capture);
    capture.kernel_logs.push_back(plan.raw / "kernel-dump.log");
  } else {
    capture.kernel_logs.push_back(plan.raw / "kmsg.log");
  }
  if (module) module->unload();
  return history;
}

}  // namespace

std::unique_ptr<Capture> capture_entry_linux(const RunOptions& o) {
  const LinuxRunPlan plan = plan_linux_run(o);
  auto result = std::make_unique<EntryCapture>();
  EntryCapture& capture = *result;
  capture.scenario = name(ScenarioId::kLinux);
  // patch,tracepoint: the first named is the primary probe.
  capture.probes = o.probes.empty() ? std::vector{plan.probe} : o.probes;
  capture.loop = plan.loop.filename().string();
  capture.loop_path = plan.loop;
  capture.mode = o.mode;
  capture.run_id = plan.run;
  const auto t0 = std::chrono::steady_clock::now();
  const std::string history = measure_with_probe(o, plan, capture);
  record_probe_state(plan.raw);
  if (interrupted_again())
    throw std::runtime_error("interrupted twice: probe restored, raw/ kept, no report");
  capture.user_logs.push_back(plan.raw / "user.log");
  capture.environment = probe_environment("/", plan.loop_cpu, history);
  capture.environment.accel = o.guest_accel;
  capture.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace iprobe
