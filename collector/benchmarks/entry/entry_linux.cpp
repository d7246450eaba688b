// The entry-latency benchmark under --scenario linux: the probe on the running kernel (host,
// or inside the project's QEMU guest), the loop, the kernel's side of the stamps.
#include <ioctl_probe/ioctl_probe.h>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "benchmarks/entry/entry_capture.hpp"
#include "benchmarks/entry/entry_linux_plan.hpp"
#include "benchmarks/entry/entry_runners.hpp"
#include "benchmarks/loop_argv.hpp"
#include "env/environment.hpp"
#include "logs/kmsg_drain.hpp"
#include "logs/stamp_line.hpp"
#include "scenarios/common/interrupt.hpp"
#include "scenarios/linux/kmod_loader.hpp"
#include "scenarios/linux/patch_hook.hpp"
#include "scenarios/linux/tracepoint_capture.hpp"
#include "util/file_util.hpp"
#include "util/run_id.hpp"

namespace fs = std::filesystem;

namespace iprobe {

namespace {

// The loop with the events off runs this many calls at most: its per-call figures have long
// settled by then, and its output stays small next to the traced run's.
constexpr uint64_t kUntracedCallsMax = 1'000'000;

// Evidence for the record (and the tests) that the probes are as they were before the run, in
// terms true of this kernel: one without module support, or with tracefs unmounted, says so.
void record_probe_state(const fs::path& raw) {
  if (module_loading_supported())
    copy_stream_file("/proc/modules", raw / "modules-after.txt");
  else
    write_text_file(raw / "modules-after.txt",
                    "no module support: this kernel has no /proc/modules (built without "
                    "CONFIG_MODULES), so no module was loaded and none is left loaded\n");
  // The run's tracefs instance is gone (a guest's tracefs is at the usual place).
  const TracefsMountEntry tracefs = find_tracefs_mount();
  if (tracefs.dir.empty()) {
    write_text_file(raw / "trace-instances-after.txt",
                    "tracefs is not mounted after the run, so there is no instance list (a "
                    "tracepoint run removes its instance before it unmounts tracefs)\n");
  } else if (const fs::path instances = fs::path(tracefs.dir) / "instances";
             fs::is_directory(instances)) {
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

// The results are partial: the summary says why (the first reason wins) and the run exits
// non-zero (finish_run).
void mark_incomplete(EntryCapture& capture, const std::string& why) {
  if (capture.facts.incomplete) return;
  capture.facts.incomplete = why;
  capture.warnings.push_back(why);
}

// "the loop was killed by signal 11 (SIGSEGV: ...): the results are partial".
std::string killed_reason(const std::string& which, const ChildResult& end) {
  std::string why = which + " " + describe_end(end);
  if (end.signal == SIGKILL) why += " (from outside, or by the out-of-memory killer: see dmesg)";
  return why + ": the results are partial";
}

// The drain's audit, as warnings.
void note_drain(const KmsgDrainStats& ds, EntryCapture& capture) {
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
}

// How the measured loop ended: killed by a signal, the results are partial; exited non-zero
// without output, an error; with output, a warning.
void note_loop(const ChildResult& loop, const fs::path& raw, EntryCapture& capture) {
  if (loop.exit_code == 0 || interrupted()) return;
  if (loop.signal != 0) {
    mark_incomplete(capture, killed_reason("the loop", loop));
    return;
  }
  std::string err = read_text_file(raw / "loop-stderr.log", 4096);
  if (!fs::exists(raw / "user.log") || fs::file_size(raw / "user.log") == 0)
    throw std::runtime_error("the loop failed (it " + describe_end(loop) +
                             "): " + (err.empty() ? "no message" : err));
  capture.warnings.push_back("the loop " + describe_end(loop) + (err.empty() ? "" : ": " + err));
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

// The tracepoint log joins the kernel logs; what the run did to tracefs becomes facts; the ring
// buffer's losses become warnings.
void note_tracepoint(const TracepointResult& r, EntryCapture& capture) {
  capture.kernel_logs.push_back(r.log);
  capture.facts.tracefs = r.tracefs;
  capture.facts.stale_trace_instances = r.stale;
  capture.extra.emplace_back("trace_lost_calls", std::to_string(r.lost_calls));
  capture.extra.emplace_back("trace_lost_events_overrun", std::to_string(r.loss.overrun));
  capture.extra.emplace_back("trace_lost_events_commit_overrun",
                             std::to_string(r.loss.commit_overrun));
  capture.extra.emplace_back("trace_lost_events_dropped", std::to_string(r.loss.dropped));
  capture.extra.emplace_back("trace_enter_without_exit", std::to_string(r.tally.enter_no_exit));
  capture.extra.emplace_back("trace_exit_without_enter", std::to_string(r.tally.exit_no_enter));
  capture.extra.emplace_back("trace_other_ioctls", std::to_string(r.tally.other_calls));
  capture.warnings.insert(capture.warnings.end(), r.warnings.begin(), r.warnings.end());
  if (r.loss.events() > 0)
    capture.warnings.push_back(
        "the trace ring buffer lost " + std::to_string(r.loss.events()) +
        " event(s) (per_cpu stats: overrun " + std::to_string(r.loss.overrun) +
        ", commit overrun " + std::to_string(r.loss.commit_overrun) + ", dropped " +
        std::to_string(r.loss.dropped) + "): " + std::to_string(r.lost_calls) +
        " call(s) without both tracepoint stamps");
}

// Runs without the tracepoints look for the instances of killed runs all the same.
void sweep_stale_instances(EntryCapture& capture) {
  std::optional<StaleSweep> sweep = sweep_stale_trace_instances();
  if (!sweep) return;
  capture.facts.stale_trace_instances = sweep->stale;
  for (std::string& line : sweep->warnings) capture.warnings.push_back(std::move(line));
}

// The loop with the events off (tracepoint_cost), its stdout in raw/untraced-WHEN.log.
void run_untraced_loop(const RunOptions& o, const LinuxRunPlan& plan, const std::string& when,
                       EntryCapture& capture) {
  const LoopProcess process{std::min(o.iterations, kUntracedCallsMax), random_run_id(),
                            plan.raw / ("untraced-" + when + ".log"),
                            plan.raw / ("untraced-" + when + ".err")};
  const ChildResult end = run_entry_loop(o, plan, process);
  if (end.exit_code == 0) {
    capture.untraced_logs.push_back(process.log);
  } else if (end.signal != 0 && !interrupted()) {
    mark_incomplete(capture, killed_reason("the loop without the events (" + when + ")", end));
  } else if (!interrupted()) {
    capture.warnings.push_back("no tracepoint_cost: the loop without the events (" + when + ") " +
                               describe_end(end) + ": " + read_text_file(process.err, 512));
  }
}

// The measured loop, its stdout in raw/user.log; with tracepoint_cost, the same loop with the
// events off right before and right after it, on the same CPU.
ChildResult run_loops(const RunOptions& o, const LinuxRunPlan& plan, TracepointCapture* trace,
                      EntryCapture& capture) {
  if (!o.quiet)
    std::cerr << "collector: run " << run_hex(plan.run) << ": " << o.iterations << " ioctl calls (+"
              << o.warmup << " warm-up) on CPU " << plan.loop_cpu << ", probe " << name(plan.probe)
              << (plan.probe == Probe::kTracepoint ? "" : ", mode " + name(o.mode))
              << (plan.tracepoint_cost ? "; the same loop with the events off before and after it"
                                       : "")
              << "\n";
  if (plan.tracepoint_cost) run_untraced_loop(o, plan, "before", capture);
  ChildResult loop;
  // Interrupted, or the loop without the events was killed: nothing more is measured (and
  // raw/user.log stays missing).
  if (interrupted() || capture.facts.incomplete) return loop;
  if (trace != nullptr) trace->start();
  loop = run_entry_loop(
      o, plan, {o.iterations, plan.run, plan.raw / "user.log", plan.raw / "loop-stderr.log"});
  if (trace != nullptr) trace->stop();
  if (plan.tracepoint_cost && loop.exit_code == 0 && !interrupted())
    run_untraced_loop(o, plan, "after", capture);
  if (capture.untraced_logs.size() != 2) capture.untraced_logs.clear();
  return loop;
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
  // Instances left with their events on by killed runs would slow this run's calls too.
  if (!plan.tracepoint) sweep_stale_instances(capture);
  KmsgDrain drain(plan.raw / "kmsg.log", plan.drain_cpu, &history);
  std::optional<TracepointCapture> trace;
  if (plan.tracepoint) trace.emplace(tracepoint_plan(o, plan));
  const ChildResult loop = run_loops(o, plan, trace ? &*trace : nullptr, capture);
  if (trace) note_tracepoint(trace->finish(), capture);
  if (interrupted()) mark_incomplete(capture, interrupt_reason());
  // After a signal, take what the drain has read so far instead of waiting for the marker.
  note_drain(
      drain.finish(plan.run, interrupted() ? std::chrono::seconds(0) : std::chrono::seconds(30),
                   interrupted),
      capture);
  note_loop(loop, plan.raw, capture);
  if (plan.probe == Probe::kTracepoint) return history;  // its log is the only kernel log
  if (o.mode == Mode::kBuffer) {
    const fs::path dump = plan.probe == Probe::kModule ? fs::path(IOPROBE_MODULE_DEVICE)
                                                       : fs::path(IOPROBE_PATCH_DUMP_FILE);
    // A signal stops the copy promptly; the part copied stays in raw/.
    if (!copy_stream_file(dump, plan.raw / "kernel-dump.log", interrupted))
      mark_incomplete(capture, interrupt_reason());
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
  // patch,tracepoint: the first is the primary probe.
  capture.probes = plan.decision.chosen;
  capture.facts.probe_choice = plan.decision;
  capture.loop = plan.loop.filename().string();
  capture.loop_path = plan.loop;
  // The tracepoints alone have no printk or buffer mode: their stamps go to the trace ring.
  if (plan.probe != Probe::kTracepoint) capture.mode = o.mode;
  capture.run_id = plan.run;
  const auto t0 = std::chrono::steady_clock::now();
  const std::string history = measure_with_probe(o, plan, capture);
  record_probe_state(plan.raw);
  if (interrupted_again())
    throw std::runtime_error("interrupted twice: probe restored, raw/ kept, no report");
  capture.user_logs.push_back(plan.raw / "user.log");
  capture.environment = probe_environment("/", plan.loop_cpu, history);
  capture.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace iprobe
