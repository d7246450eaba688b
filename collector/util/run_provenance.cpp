#include "util/run_provenance.hpp"

#include <optional>
#include <regex>
#include <tuple>

#include "common/sha256_file.hpp"
#include "util/provenance.hpp"

namespace iprobe {
namespace {

std::vector<std::string>& stored_command_line() {
  static std::vector<std::string> line;
  return line;
}

}  // namespace

void set_command_line(int argc, const char* const* argv) {
  stored_command_line().assign(argv, argv + argc);
}

const std::vector<std::string>& command_line() { return stored_command_line(); }

std::pair<std::string, bool> commit_of_describe(const std::string& describe) {
  // "<40 hex>", "<tag>-<n>-g<40 hex>", either with "-dirty"; anything else names no commit.
  static const std::regex form(R"((?:.*-g)?([0-9a-f]{40})(-dirty)?)");
  std::smatch match;
  if (!std::regex_match(describe, match, form)) return {"unknown", false};
  return {match[1].str(), match[2].matched};
}

Provenance collect_provenance(
    std::span<const std::pair<std::string, std::filesystem::path>> loops) {
  Provenance p;
  p.version = tool_version();
  p.describe = tool_commit();
  std::tie(p.commit, p.dirty) = commit_of_describe(p.describe);
  p.command_line = command_line();
  for (const auto& [variant, path] : loops) {
    LoopProvenance loop;
    loop.variant = variant;
    loop.program = path.filename().string();
    loop.path = path.string();
    try {
      loop.sha256 = sha256_file(path);
    } catch (const std::exception&) {  // recorded as unknown: the run itself went on
    }
    if (const std::optional<LoopBuild> build = loop_build(path)) {
      loop.compiler = build->compiler;
      loop.flags = build->flags;
    }
    p.loops.push_back(std::move(loop));
  }
  return p;
}

}  // namespace iprobe
