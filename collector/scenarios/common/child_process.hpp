// The one way the collector runs another program (a loop, QEMU, HermiTux's proxy): spawn it
// with stdin from /dev/null and its output in files, optionally pinned to one CPU, then poll
// until it ends, is interrupted (SIGINT/SIGTERM to the collector), times out, or the caller's
// poll hook asks to stop it.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

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
  // Called at every poll while the child runs, and once more after it ended (running = false);
  // returning false stops a running child (ChildResult::stopped).
  std::function<bool(bool running)> on_poll;
  // Called once, right after the child started, with its process id.
  std::function<void(int pid)> on_start;
};

struct ChildResult {
  int exit_code = 0;
  bool timed_out = false;
  bool interrupted = false;  // the collector got SIGINT/SIGTERM: the child was terminated
  bool stopped = false;      // on_poll asked for it
  double wall_seconds = 0;
};

// Throws std::runtime_error only when the program cannot be started.
ChildResult run_child(const ChildSpec& spec);

}  // namespace iprobe
