#include "util/provenance.hpp"

namespace iprobe {

namespace generated {
// Defined in the build tree's generated/build_info.cpp and generated/git_commit.cpp.
extern const char* const kToolVersion;
extern const char* const kCompiler;
extern const char* const kGitCommit;
extern const std::vector<LoopBuild> kLoopBuilds;
}  // namespace generated

namespace {

// The generator joins empty flag variables with spaces: one space between words.
std::string squeeze_spaces(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::string tool_version() { return generated::kToolVersion; }

std::string tool_commit() { return generated::kGitCommit; }

std::string build_compiler() { return generated::kCompiler; }

std::vector<LoopBuild> loop_builds() {
  std::vector<LoopBuild> builds = generated::kLoopBuilds;
  for (LoopBuild& b : builds) b.flags = squeeze_spaces(b.flags);
  return builds;
}

std::optional<LoopBuild> loop_build(const std::filesystem::path& program) {
  const std::string name = program.filename().string();
  for (LoopBuild& b : loop_builds())
    if (b.name == name) return b;
  return std::nullopt;
}

}  // namespace iprobe
