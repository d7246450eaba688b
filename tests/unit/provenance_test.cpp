#include "util/provenance.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

namespace iprobe {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Provenance, VersionAndCompiler) {
  EXPECT_EQ(tool_version(), IPROBE_PROJECT_VERSION);
  EXPECT_TRUE(std::regex_match(build_compiler(), std::regex(R"((GNU|Clang) \d+\.\d+.*)")))
      << build_compiler();
}

// The commit baked in at build time is one of this tree's: HEAD or, when commits were made
// since the build, an ancestor of it (tests/repo/git_commit.sh checks the script exactly).
TEST(Provenance, CommitIsOneOfTheSourceTrees) {
  const std::filesystem::path source = IPROBE_SOURCE_DIR;
  if (!std::filesystem::exists(source / ".git")) {
    EXPECT_EQ(tool_commit(), "unknown");
    return;
  }
  std::smatch match;
  const std::string commit = tool_commit();
  ASSERT_TRUE(std::regex_match(commit, match, std::regex(R"((?:.*-g)?([0-9a-f]{40})(-dirty)?)")))
      << commit;
  if (std::system("git --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "git is not installed";
  const std::string command = "git -C '" + source.string() + "' merge-base --is-ancestor " +
                              match[1].str() + " HEAD 2>/dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0) << commit << " is not HEAD or an ancestor of it";
}

TEST(Provenance, LoopFlagsAsTheyAreBuilt) {
  const auto raw = loop_build("/anywhere/bin/roundtrip-loop-raw");
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(raw->compiler, build_compiler());
  for (const char* flag : {"-O0", "-std=gnu11", "-DROUNDTRIP_CALL_RAW", "; link: -static"})
    EXPECT_TRUE(has(raw->flags, flag)) << raw->flags;
  EXPECT_FALSE(has(raw->flags, "  ")) << raw->flags;
  // -O0 comes after the build type's flags: the last -O wins.
  EXPECT_EQ(raw->flags.substr(raw->flags.rfind(" -O"), 4), " -O0") << raw->flags;
  const auto freestanding = loop_build("roundtrip-loop-freestanding");
  ASSERT_TRUE(freestanding.has_value());
  for (const char* flag : {"-ffreestanding", "-mgeneral-regs-only", "-nostdlib"})
    EXPECT_TRUE(has(freestanding->flags, flag)) << freestanding->flags;
  EXPECT_TRUE(loop_build("entry-loop").has_value());
  EXPECT_FALSE(loop_build("collector").has_value());
  EXPECT_FALSE(loop_build("roundtrip_fnlib").has_value());  // a library, not a loop program
}

TEST(Provenance, MuslLoopsNameMuslGcc) {
  const auto musl = loop_build("roundtrip-loop-libc-musl");
  if (!musl) GTEST_SKIP() << "musl-gcc not found when this build was configured";
  EXPECT_TRUE(musl->compiler.starts_with("musl-gcc ")) << musl->compiler;
  EXPECT_TRUE(has(musl->flags, "-O0 -std=gnu11 -Wall -Wextra")) << musl->flags;
  EXPECT_TRUE(musl->flags.ends_with("; link: -static")) << musl->flags;
  EXPECT_TRUE(has(musl->flags, "-DROUNDTRIP_CALL_LIBC")) << musl->flags;
}

}  // namespace
}  // namespace iprobe
