// Folder app/: the collector's front door. main() reads the command line (cli), then
// dispatches: a measurement goes to its scenario (scenarios/), `collector parse` pairs given logs
// through report/, `collector report` prints the tables of earlier results folders. Nothing below
// app/ includes it.
//
// Command-line parsing: `collector [run options]` and `collector parse ...`.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "scenarios/common/run_options.hpp"

namespace iprobe {

struct HelpRequested {
  std::string text;
};

using Command = std::variant<RunOptions, ParseOptions, HelpRequested>;

// Throws std::invalid_argument with a message naming the bad option.
Command parse_command_line(const std::vector<std::string>& args);

}  // namespace iprobe
