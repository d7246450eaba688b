// Command-line parsing: `collector [run options]` and `collector parse ...`.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "collector/run_options.hpp"

namespace iprobe {

struct HelpRequested {
  std::string text;
};

using Command = std::variant<RunOptions, ParseOptions, HelpRequested>;

// Throws std::invalid_argument with a message naming the bad option.
Command parse_command_line(const std::vector<std::string>& args);

}  // namespace iprobe
