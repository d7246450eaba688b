// A child process the collector owns, from fork to reaping (fork + exec, no Boost.Process: the
// Boost of Debian 12 can neither run code in the child nor stop one reliably).
//
// - It dies with the collector: PR_SET_PDEATHSIG(SIGKILL) in the child, so a collector killed
//   with SIGKILL (or by the OOM killer) leaves no loop, QEMU or proxy running on. The kernel
//   sends it when the thread that forked exits: run_child() forks and waits in one thread.
// - It leads a process group of its own: stop() signals the whole group (what the child
//   started too), and a terminal's Ctrl-C reaches the collector only, which then stops the
//   child itself, in order.
// - It is reaped before the collector goes on: reap() waits for the end, kills what is left of
//   its group, and collects the status, with the signal when a signal ended it.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace iprobe {

struct SpawnRequest {
  std::filesystem::path program;  // run as given (no PATH search)
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> environment;  // added to the collector's
  std::filesystem::path stdout_file;                             // created fresh; "" = discarded
  std::filesystem::path stderr_file;                             // created fresh; "" = discarded
};

struct ChildEnd {
  int exit_code = 0;  // its exit status; 128 + signal when a signal ended it; -1 when unknown
  int signal = 0;     // the signal that ended it, 0 when it exited
};

class OwnedChild {
 public:
  // Throws std::runtime_error ("cannot start PROGRAM: why") when the program cannot be run.
  explicit OwnedChild(const SpawnRequest& request);
  // Not reaped yet (an exception on the way): the group is killed and the child reaped.
  ~OwnedChild();
  OwnedChild(const OwnedChild&) = delete;
  OwnedChild& operator=(const OwnedChild&) = delete;

  [[nodiscard]] int pid() const { return pid_; }
  // Whether it has ended (it stays unreaped, its pid still ours, until reap()).
  [[nodiscard]] bool ended() const;
  // SIGTERM to its group; SIGKILL to the group when it has not ended within `grace`.
  void stop(std::chrono::milliseconds grace) const;
  // Waits for its end, SIGKILLs what is left of its group, reaps it. Call once.
  ChildEnd reap();

 private:
  int pid_ = -1;
  bool reaped_ = false;
};

// "exited with status 3" or "was killed by signal 11 (SIGSEGV: Segmentation fault)".
std::string describe_end(const ChildEnd& end);

}  // namespace iprobe
