// Helpers shared by the rewriter unit tests.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "rewriter/elf_image.hpp"
#include "rewriter/report.hpp"
#include "rewriter/rewriter.hpp"

namespace sysrw::test {

inline std::filesystem::path snippet(const std::string& name) {
  return std::filesystem::path(REWRITER_SNIPPET_DIR) / name;
}

// The report entry of the (first) site in `function`.
inline const SiteReport* site_in(const Report& r, const std::string& function, size_t nth = 0) {
  for (const auto& s : r.sites)
    if (s.function == function && nth-- == 0) return &s;
  return nullptr;
}

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "rewriter-test-XXXXXX").string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
    path_ = buf.data();
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& p, const std::vector<uint8_t>& bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  out.close();
  std::filesystem::permissions(p, std::filesystem::perms::owner_all);
}

// Runs `program` with no arguments; returns its exit status, or -signal.
inline int run_program(const std::filesystem::path& program) {
  pid_t pid = ::fork();
  if (pid == 0) {
    char* argv[] = {const_cast<char*>(program.c_str()), nullptr};
    ::execv(program.c_str(), argv);
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return WEXITSTATUS(status);
}

inline RewriteResult rewrite_snippet(const std::string& name, RewriteOptions options = {}) {
  return rewrite(ElfImage::load(snippet(name)), options);
}

}  // namespace sysrw::test
