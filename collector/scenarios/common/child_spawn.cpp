#include "scenarios/common/child_spawn.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <map>
#include <stdexcept>
#include <thread>

#include "util/file_util.hpp"
#include "util/text_format.hpp"

extern char** environ;

namespace iprobe {
namespace {

// What the child needs, prepared before fork: after it, only async-signal-safe calls.
struct ExecImage {
  std::vector<std::string> strings;  // owns argv's and envp's text
  std::vector<char*> argv;
  std::vector<char*> envp;
};

ExecImage exec_image(const SpawnRequest& r) {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [key, value] : r.environment) env[key] = value;
  ExecImage image;
  image.strings.push_back(r.program.string());
  image.strings.insert(image.strings.end(), r.args.begin(), r.args.end());
  const std::size_t argc = image.strings.size();
  for (const auto& [key, value] : env) image.strings.push_back(key + "=" + value);
  for (std::size_t i = 0; i < image.strings.size(); ++i)
    (i < argc ? image.argv : image.envp).push_back(image.strings[i].data());
  image.argv.push_back(nullptr);
  image.envp.push_back(nullptr);
  return image;
}

class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  [[nodiscard]] int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

int open_output(const std::filesystem::path& file) {
  const std::string path = file.empty() ? std::string("/dev/null") : fresh_output_file(file);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  return fd;
}

// In the child, between fork and exec. Reports errno through `report` when exec fails.
[[noreturn]] void become_child(const ExecImage& image, pid_t parent, const int fds[3], int report) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);  // the collector died before prctl took effect
  ::setpgid(0, 0);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int target = 0; target < 3; ++target)
    if (::dup2(fds[target], target) < 0) break;
  // Descriptors the collector opened without O_CLOEXEC do not leak into the child.
  ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
  ::execve(image.argv[0], image.argv.data(), image.envp.data());
  const int err = errno;
  [[maybe_unused]] const ssize_t n = ::write(report, &err, sizeof err);
  ::_exit(127);
}

// Whether the child has ended, leaving it unreaped. A child that is not ours to wait for any
// more (ECHILD: SIGCHLD ignored, so the kernel reaped it) has ended too.
bool wait_for_end(pid_t pid, int options) {
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT | options) != 0)
    if (errno != EINTR) return true;
  return info.si_pid == pid;
}

}  // namespace

OwnedChild::OwnedChild(const SpawnRequest& request) {
  const ExecImage image = exec_image(request);
  const UniqueFd in(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  const UniqueFd out(open_output(request.stdout_file));
  const UniqueFd err(open_output(request.stderr_file));
  int report_pipe[2];
  if (in.get() < 0 || ::pipe2(report_pipe, O_CLOEXEC) != 0)
    throw std::runtime_error("cannot start " + request.program.string() + ": " +
                             std::strerror(errno));
  UniqueFd report_read(report_pipe[0]);
  UniqueFd report_write(report_pipe[1]);
  const int fds[3] = {in.get(), out.get(), err.get()};
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0)
    throw std::runtime_error("cannot start " + request.program.string() +
                             ": fork: " + std::strerror(errno));
  if (pid_ == 0) become_child(image, parent, fds, report_write.get());
  ::setpgid(pid_, pid_);  // also here, so that stop() finds the group however the two race
  report_write.reset();
  int exec_errno = 0;
  ssize_t n = 0;
  while ((n = ::read(report_read.get(), &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR) {
  }
  if (n == static_cast<ssize_t>(sizeof exec_errno)) {
    reap();
    throw std::runtime_error("cannot start " + request.program.string() + ": " +
                             std::strerror(exec_errno));
  }
}

OwnedChild::~OwnedChild() {
  if (reaped_ || pid_ <= 0) return;
  ::killpg(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

bool OwnedChild::ended() const { return wait_for_end(pid_, WNOHANG); }

void OwnedChild::stop(std::chrono::milliseconds grace) const {
  ::killpg(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (!ended()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      ::killpg(pid_, SIGKILL);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

ChildEnd OwnedChild::reap() {
  wait_for_end(pid_, 0);
  // Ended but not reaped, its pid still names the group: what it left running dies with it.
  ::killpg(pid_, SIGKILL);
  int status = 0;
  pid_t got = 0;
  while ((got = ::waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
  }
  reaped_ = true;
  ChildEnd end;
  if (got != pid_) {
    end.exit_code = -1;  // reaped by someone else: its status is gone
  } else if (WIFSIGNALED(status)) {
    end.signal = WTERMSIG(status);
    end.exit_code = 128 + end.signal;
  } else {
    end.exit_code = WEXITSTATUS(status);
  }
  return end;
}

std::string describe_end(const ChildEnd& end) {
  if (end.signal == 0) return "exited with status " + std::to_string(end.exit_code);
  return "was killed by signal " + signal_text(end.signal);
}

}  // namespace iprobe
