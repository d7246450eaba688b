// Command line of syscall-rewriter.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "rewriter/rewriter.hpp"

namespace sysrw {

struct CliOptions {
  enum class Mode { kRewrite, kCheckImage, kHelp } mode = Mode::kRewrite;
  std::filesystem::path input;
  std::filesystem::path output;
  std::filesystem::path image;  // --check-image
  RewriteOptions rewrite;
  bool json = false;
  bool list_sites = false;
};

// Throws std::invalid_argument with a one-line message on bad usage.
CliOptions parse_cli(const std::vector<std::string>& args);
const char* usage_text();

// Writes `bytes` to `path` through a temporary file in the same directory,
// renamed into place only when complete; mode 0755.
void write_output_file(const std::filesystem::path& path, const std::vector<uint8_t>& bytes);

// Runs the command; returns the exit status (0 ok, 1 refused input/error, 2 usage).
int run_cli(const std::vector<std::string>& args);

}  // namespace sysrw
