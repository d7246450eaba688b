// What made a result, as every run.json and summary.json records it (doc/results-format.md,
// "provenance"): this collector's version and commit, the command line it was started with,
// and each loop program that ran: its path, sha256, and the compiler and flags that built it.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace iprobe {

struct LoopProvenance {
  std::string variant;   // the round trip's variant; "" for the entry loop
  std::string program;   // file name: "roundtrip-loop-raw", "entry-loop"
  std::string path;      // as it was run (on this machine; a guest runs a copy of it)
  std::string sha256;    // lowercase hex; "" when the file could not be read
  std::string compiler;  // "" when this build did not make a program of that name
  std::string flags;
};

struct Provenance {
  std::string version;                    // project(VERSION)
  std::string commit;                     // 40 hex digits, or "unknown"
  bool dirty = false;                     // tracked files differed from the commit at build time
  std::string describe;                   // `git describe` as baked in (util/provenance.hpp)
  std::vector<std::string> command_line;  // argv, exactly
  std::vector<LoopProvenance> loops;      // in the order they ran
};

// Keeps argv for the records: main() calls it first.
void set_command_line(int argc, const char* const* argv);
const std::vector<std::string>& command_line();

// The commit and dirty mark of a `git describe --always --dirty --long` text.
std::pair<std::string, bool> commit_of_describe(const std::string& describe);

// This build and invocation, and the loops given as {variant, path} (hashed now).
Provenance collect_provenance(std::span<const std::pair<std::string, std::filesystem::path>> loops);

}  // namespace iprobe
