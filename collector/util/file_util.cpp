#include "util/file_util.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

namespace iprobe {

namespace {

std::runtime_error file_error(const char* what, const std::filesystem::path& p) {
  return std::runtime_error(std::string(what) + " " + p.string() + ": " + std::strerror(errno));
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

void write_all(int fd, const char* data, size_t size, const std::filesystem::path& p) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw file_error("cannot write", p);
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
}

}  // namespace

void write_text_file(const std::filesystem::path& path, std::string_view text) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) throw file_error("cannot open for writing", path);
  write_all(fd.get(), text.data(), text.size(), path);
}

std::string fresh_output_file(const std::filesystem::path& path) {
  write_text_file(path, "");
  return path.string();
}

std::string read_text_file(const std::filesystem::path& path, size_t limit) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw file_error("cannot open", path);
  std::string out;
  std::array<char, 65536> buf{};
  for (;;) {
    ssize_t n = ::read(fd.get(), buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw file_error("cannot read", path);
    if (n == 0) break;
    out.append(buf.data(), static_cast<size_t>(n));
    if (limit != 0 && out.size() >= limit) {
      out.resize(limit);
      break;
    }
  }
  return out;
}

bool copy_stream_file(const std::filesystem::path& from, const std::filesystem::path& to,
                      const std::function<bool()>& stop) {
  Fd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) throw file_error("cannot open", from);
  Fd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (out.get() < 0) throw file_error("cannot create", to);
  std::array<char, 1 << 16> buf{};
  for (;;) {
    ssize_t n = ::read(in.get(), buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw file_error("cannot read", from);
    if (n == 0) return true;
    write_all(out.get(), buf.data(), static_cast<size_t>(n), to);
    if (stop && stop()) return false;
  }
}

// Set by packaging/toolkit.cmake: the loops' install folder relative to the collector's.
#ifndef IPROBE_LOOP_DIR_FROM_BIN
#define IPROBE_LOOP_DIR_FROM_BIN "../libexec/syscall-rewriting-bench"
#endif

std::filesystem::path find_program_dir(const std::string& name) {
  std::filesystem::path own = std::filesystem::read_symlink("/proc/self/exe").parent_path();
  const std::filesystem::path installed = (own / IPROBE_LOOP_DIR_FROM_BIN).lexically_normal();
  for (const auto& dir : {own, installed})
    if (::access((dir / name).c_str(), X_OK) == 0) return dir;
  return own;
}

std::filesystem::path find_sibling_program(const std::string& name,
                                           const std::filesystem::path& explicit_path) {
  if (!explicit_path.empty()) {
    if (::access(explicit_path.c_str(), X_OK) != 0)
      throw std::runtime_error(explicit_path.string() + " is not an executable file");
    return explicit_path;
  }
  std::filesystem::path p = find_program_dir(name) / name;
  if (::access(p.c_str(), X_OK) != 0)
    throw std::runtime_error(name + " not found next to the collector (" + p.string() +
                             ") nor in " IPROBE_LOOP_DIR_FROM_BIN
                             " from there: build the project with cmake first");
  return p;
}

void write_output_file(const std::filesystem::path& path, const char* what,
                       const std::function<void(std::ostream&)>& write) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    throw std::runtime_error(std::string("cannot write ") + what + " '" + path.string() + "'");
  write(out);
  out.flush();
  if (!out)
    throw std::runtime_error(std::string("error writing ") + what + " '" + path.string() + "'");
}

}  // namespace iprobe
