// Shared-library closure of an executable via ldd.
#include "scenarios/qemu/library_closure.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>

extern char** environ;

namespace iprobe {
namespace {

namespace fs = std::filesystem;

struct Captured {
  int exit_code = -1;
  std::string output;  // stdout and stderr interleaved
};

// Runs argv without a shell and captures its output.
Captured run_capture(const std::vector<std::string>& args) {
  std::array<int, 2> pipefd{};
  if (pipe2(pipefd.data(), O_CLOEXEC) != 0) {
    throw std::system_error(errno, std::generic_category(), "pipe for " + args.front());
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], STDERR_FILENO);
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipefd[1]);
  if (rc != 0) {
    close(pipefd[0]);
    throw std::runtime_error("cannot run " + args.front() + ": " + std::strerror(rc) +
                             "; install it (Debian: libc-bin) or put it on PATH");
  }
  Captured result;
  std::array<char, 4096> buf{};
  for (;;) {
    const ssize_t n = read(pipefd[0], buf.data(), buf.size());
    if (n > 0) {
      result.output.append(buf.data(), static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(pipefd[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string strip_address(std::string s) {
  const auto paren = s.rfind(" (0x");
  if (paren != std::string::npos) s.erase(paren);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

}  // namespace

std::vector<ArchiveFile> shared_library_closure(const fs::path& elf) {
  std::error_code ec;
  if (!fs::is_regular_file(elf, ec)) {
    throw std::runtime_error("shared_library_closure: " + elf.string() +
                             " is not a regular file; build it first");
  }
  const auto result = run_capture({"ldd", fs::absolute(elf).string()});
  const std::string& out = result.output;
  if (out.find("not a dynamic executable") != std::string::npos ||
      out.find("statically linked") != std::string::npos) {
    return {};
  }
  if (result.exit_code != 0) {
    throw std::runtime_error("ldd " + elf.string() + " failed (exit " +
                             std::to_string(result.exit_code) + "): " + out);
  }

  std::vector<ArchiveFile> files;
  std::set<std::string> seen;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    line = line.substr(first);
    std::string path;
    if (const auto arrow = line.find(" => "); arrow != std::string::npos) {
      path = strip_address(line.substr(arrow + 4));
      if (path == "not found" || path.empty()) {
        throw std::runtime_error("shared_library_closure: " + elf.string() + " needs " +
                                 line.substr(0, arrow) +
                                 ", which the host's loader cannot find; install it or set "
                                 "LD_LIBRARY_PATH");
      }
    } else {
      path = strip_address(line);  // the loader, or a vDSO without a file
    }
    if (path.empty() || path.front() != '/') continue;  // linux-vdso.so.1 and friends
    const std::string in_archive = fs::path(path).lexically_normal().relative_path().string();
    if (!seen.insert(in_archive).second) continue;
    fs::path real = fs::canonical(path, ec);
    if (ec) {
      throw std::runtime_error("shared_library_closure: ldd named " + path + " for " +
                               elf.string() + " but it cannot be resolved: " + ec.message());
    }
    files.push_back({in_archive, std::move(real)});
  }
  return files;
}

}  // namespace iprobe
