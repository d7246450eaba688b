// What made a result: this collector's version and the source commit it was built from, and
// how the loop programs were built (compiler, flags), baked in at build time (cmake/
// provenance.cmake, cmake/git_commit.cmake), plus the sha256 of a loop binary.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iprobe {

// One loop program as the build made it (the generated table's row).
struct LoopBuild {
  std::string name;      // target name = file name: "roundtrip-loop-raw", "entry-loop-musl"
  std::string compiler;  // "GNU 12.2.0", "musl-gcc 12.2.0"
  std::string flags;     // compile flags in order (the last -O wins), then "; link: ..."
};

// The project's version (CMakeLists.txt project(VERSION)).
std::string tool_version();
// `git describe --always --dirty --long` of the source tree at build time: the full commit id
// (after "<tag>-<n>-g" once the project has tags), "-dirty" appended when tracked files had
// changes; "unknown" outside a git checkout.
std::string tool_commit();
// The C compiler of the build ("GNU 12.2.0").
std::string build_compiler();
// How the loop program `name` (a file name; a path's directory is ignored) was built;
// nullopt for a program this build did not make.
std::optional<LoopBuild> loop_build(const std::filesystem::path& program);
// Every loop program of this build, in the build's order.
std::vector<LoopBuild> loop_builds();

}  // namespace iprobe
