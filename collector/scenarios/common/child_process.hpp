// The one way the collector runs another program (a loop, QEMU, HermiTux's proxy): spawn it
// with stdin from /dev/null and its output in files, optionally pinned to one CPU, then poll
// until it ends, is interrupted (SIGINT/SIGTERM to the collector), times out, or the caller's
// poll hook asks to stop it. A stopped child gets SIGTERM, then SIGKILL after stop_grace, and is
// dead and reaped (with what its process group still ran) when run_child returns; a child
// dies with the collector too (child_spawn.hpp).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "scenarios/common/child_spawn.hpp"

namespace iprobe {

struct ChildSpec {
  std::filesystem::path program;
  std::vector<std::string> args;
  std::filesystem::path stdout_file;                             // created fresh; "" = discarded
  std::filesystem::path stderr_file;                             // created fresh; "" = discarded
  std::vector<std::pair<std::string, std::string>> environment;  // added to the collector's
  int cpu = -1;                          // pin the child (and its threads) here; -1 = no
  std::chrono::milliseconds timeout{0};  // 0 = none
  std::chrono::milliseconds poll_interval{10};
  std::chrono::milliseconds stop_grace{2000};  // from SIGTERM to SIGKILL when stopping it
  // Called at every poll while the child runs, and once more after it ended (running = false);
  // returning false stops a running child (ChildResult::stopped).
  std::function<bool(bool running)> on_poll;
  // Called once, right after the child started, with its process id.
  std::function<void(int pid)> on_start;
};

struct ChildResult {
  int exit_code = 0;  // its exit status; 128 + signal when a signal ended it
  int signal = 0;     // the signal that ended it (SIGSEGV, SIGKILL from outside, ...); 0 = exited
  bool timed_out = false;
  bool interrupted = false;  // the collector got SIGINT/SIGTERM: the child was stopped
  bool stopped = false;      // on_poll asked for it
  double wall_seconds = 0;
};

// Throws std::runtime_error only when the program cannot be started.
ChildResult run_child(const ChildSpec& spec);

// "exited with status 3" or "was killed by signal 9 (SIGKILL: Killed)".
std::string describe_end(const ChildResult& result);

}  // namespace iprobe
