// File helpers, in particular the redirection target for Boost.Process.
#include "util/file_util.hpp"

#include <gtest/gtest.h>

#include <boost/process.hpp>
#include <filesystem>

namespace iprobe {
namespace {

namespace bp = boost::process;
namespace fs = std::filesystem;

// Boost.Process opens a redirection target without O_TRUNC: a rerun into the same output
// folder kept the tail of the earlier, longer log (seen with a HermiTux run). The helper must
// hand the child an empty file.
TEST(FreshOutputFile, ChildOutputReplacesALongerOldFile) {
  const fs::path dir = fs::temp_directory_path() / "iprobe-fresh-output-test";
  fs::create_directories(dir);
  const fs::path log = dir / "user.log";
  write_text_file(log, "ioprobe u 0000abcd 0 0 1\nioprobe u 0000abcd 1 0 2\n");
  bp::child child("/bin/echo", "new", bp::std_out > fresh_output_file(log));
  child.wait();
  EXPECT_EQ(read_text_file(log), "new\n");
  fs::remove_all(dir);
}

TEST(FreshOutputFile, CreatesAMissingFile) {
  const fs::path path = fs::temp_directory_path() / "iprobe-fresh-output-missing.log";
  fs::remove(path);
  EXPECT_EQ(fresh_output_file(path), path.string());
  EXPECT_TRUE(fs::exists(path));
  EXPECT_EQ(fs::file_size(path), 0u);
  fs::remove(path);
}

}  // namespace
}  // namespace iprobe
