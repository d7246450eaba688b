#include "scenarios/qemu/library_closure.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace iprobe {
namespace {

namespace fs = std::filesystem;

TEST(LibraryClosure, DynamicExecutableIncludesLoaderAndLibc) {
  const auto files = shared_library_closure("/bin/ls");
  ASSERT_FALSE(files.empty());
  bool loader = false;
  bool libc = false;
  for (const auto& f : files) {
    EXPECT_FALSE(f.path_in_archive.empty());
    EXPECT_NE(f.path_in_archive.front(), '/') << f.path_in_archive;
    EXPECT_TRUE(f.real_file.is_absolute());
    EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(f.real_file))) << f.real_file;
    const std::string base = fs::path(f.path_in_archive).filename().string();
    loader |= base.starts_with("ld-linux") || base.starts_with("ld64.so");
    libc |= base.starts_with("libc.so");
  }
  EXPECT_TRUE(loader);
  EXPECT_TRUE(libc);
  const auto it = std::find_if(files.begin(), files.end(), [](const ArchiveFile& f) {
    return f.path_in_archive.find("linux-vdso") != std::string::npos;
  });
  EXPECT_EQ(it, files.end());
}

TEST(LibraryClosure, StaticExecutableHasNoLibraries) {
  if (std::system("command -v gcc >/dev/null 2>&1") != 0) GTEST_SKIP() << "gcc not found";
  const fs::path dir = fs::temp_directory_path() / ("iprobe_static_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "s.c") << "int main(void) { return 0; }\n";
  const std::string cmd = "gcc -static -o '" + (dir / "s").string() + "' '" +
                          (dir / "s.c").string() + "' >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) {
    fs::remove_all(dir);
    GTEST_SKIP() << "gcc -static failed (static libc missing?)";
  }
  EXPECT_TRUE(shared_library_closure(dir / "s").empty());
  fs::remove_all(dir);
}

TEST(LibraryClosure, MissingFileThrows) {
  EXPECT_THROW(shared_library_closure("/nonexistent/iprobe-binary"), std::runtime_error);
}

}  // namespace
}  // namespace iprobe
