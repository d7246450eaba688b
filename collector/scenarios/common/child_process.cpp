#include "scenarios/common/child_process.hpp"

#include <boost/process.hpp>
#include <optional>
#include <stdexcept>
#include <thread>

#include "scenarios/common/interrupt.hpp"
#include "util/cpu_affinity.hpp"
#include "util/file_util.hpp"

namespace bp = boost::process;
namespace fs = std::filesystem;

namespace iprobe {
namespace {

std::string output_or_null(const fs::path& file) {
  return file.empty() ? std::string("/dev/null") : fresh_output_file(file);
}

bp::child spawn(const ChildSpec& spec) {
  bp::environment env = boost::this_process::environment();
  for (const auto& [key, value] : spec.environment) env[key] = value;
  const ScopedCpuPin pin(spec.cpu);  // the child inherits the mask at fork
  try {
    return bp::child(spec.program.string(), bp::args(spec.args), env,
                     bp::std_in<bp::null, bp::std_out> output_or_null(spec.stdout_file),
                     bp::std_err > output_or_null(spec.stderr_file));
  } catch (const bp::process_error& e) {
    throw std::runtime_error("cannot start " + spec.program.string() + ": " + e.what());
  }
}

}  // namespace

ChildResult run_child(const ChildSpec& spec) {
  ChildResult result;
  const auto start = std::chrono::steady_clock::now();
  bp::child child = spawn(spec);
  if (spec.on_start) spec.on_start(child.id());
  std::error_code ec;
  while (child.running(ec)) {
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
    child.terminate(ec);
    break;
  }
  child.wait(ec);
  if (spec.on_poll) spec.on_poll(false);
  result.exit_code = child.exit_code();
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace iprobe
