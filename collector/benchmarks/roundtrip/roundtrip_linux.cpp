// `--benchmark roundtrip --scenario linux`: the loop variants as plain processes on this kernel.
#include <ioctl_probe/ioctl_probe.h>

#include "benchmarks/roundtrip/roundtrip_runner.hpp"
#include "benchmarks/roundtrip/roundtrip_runners.hpp"
#include "env/environment.hpp"
#include "scenarios/linux/patch_hook.hpp"
#include "scenarios/linux/tracepoint_capture.hpp"
#include "util/cpu_affinity.hpp"
#include "util/file_util.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

// On the project's patched kernel: the hook's mode, and in buffer mode its buffer (which needs
// root to read) into raw/, so that the results can show it stamped none of the round trips.
void record_patch_hook(const fs::path& raw, RoundtripCapture& capture) {
  const std::optional<std::string> mode = patch_hook_mode();
  if (!mode) return;
  capture.patch_hook_mode = *mode;
  if (*mode != name(Mode::kBuffer)) return;
  try {
    copy_stream_file(IOPROBE_PATCH_DUMP_FILE, raw / kHookDumpFile);
  } catch (const std::exception& e) {
    std::error_code ignored;
    fs::remove(raw / kHookDumpFile, ignored);
    capture.warnings.push_back(std::string("the patched kernel's hook is in buffer mode but its "
                                           "buffer could not be read (") +
                               e.what() + "): whether it stamped the round trips is unknown");
  }
}

}  // namespace

std::unique_ptr<Capture> capture_roundtrip_linux(const RunOptions& o) {
  const LoopPrograms programs = find_variant_programs(o);
  RoundtripPlan plan;
  plan.scenario = name(ScenarioId::kLinux);
  plan.loop_cpu = o.cpu >= 0 ? o.cpu : last_allowed_cpu();
  // A command nobody answers: no probe stamps it, even with the patched kernel's hook on.
  plan.call = {"/dev/null", IOPROBE_NULL_CMD, "IOPROBE_NULL_CMD"};
  plan.environment = probe_environment("/", plan.loop_cpu);
  sweep_before_loops(plan.stale_trace_instances, plan.warnings);
  // Keeps the collector's own wake-ups (polling the loop) off the CPU the loops are timed on.
  move_off_cpu(plan.loop_cpu);
  std::unique_ptr<RoundtripCapture> capture =
      run_roundtrip(o, programs, std::move(plan), launch_linux_loop);
  record_patch_hook(o.output_dir / "raw", *capture);
  return capture;
}

}  // namespace iprobe
