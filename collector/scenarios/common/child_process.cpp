#include "scenarios/common/child_process.hpp"

#include <optional>
#include <thread>

#include "scenarios/common/interrupt.hpp"
#include "util/cpu_affinity.hpp"

namespace iprobe {

ChildResult run_child(const ChildSpec& spec) {
  ChildResult result;
  const auto start = std::chrono::steady_clock::now();
  std::optional<OwnedChild> child;
  {
    const ScopedCpuPin pin(spec.cpu);  // the child inherits the mask at fork
    child.emplace(SpawnRequest{spec.program, spec.args, spec.environment, spec.stdout_file,
                               spec.stderr_file});
  }
  if (spec.on_start) spec.on_start(child->pid());
  while (!child->ended()) {
    if (spec.on_poll && !spec.on_poll(true)) {
      result.stopped = true;
    } else if (interrupted()) {
      result.interrupted = true;
    } else if (spec.timeout.count() > 0 &&
               std::chrono::steady_clock::now() - start > spec.timeout) {
      result.timed_out = true;
    } else {
      std::this_thread::sleep_for(spec.poll_interval);
      continue;
    }
    child->stop(spec.stop_grace);
    break;
  }
  const ChildEnd end = child->reap();
  if (spec.on_poll) spec.on_poll(false);
  result.exit_code = end.exit_code;
  result.signal = end.signal;
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::string describe_end(const ChildResult& result) {
  return describe_end(ChildEnd{result.exit_code, result.signal});
}

}  // namespace iprobe
