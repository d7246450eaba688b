// Folder app/: the collector's front door. main() reads the command line (cli), then
// dispatches: a measurement goes through the table of benchmark kinds (benchmarks/) to the
// kind's runner in its scenario and the one closing path; `collector parse` reports the logs it
// is given through the same path; `collector report` reads an earlier results folder once and
// writes its table and figures again; `collector compare` draws many of them in one figure
// (compare/); as PID 1 of the QEMU guest, guest_init captures and powers off. Nothing below app/
// includes it.
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

// "results/NAME-YYYYmmdd-HHMMSS": where a command writes when no --output-dir is given.
std::string default_output_dir(const std::string& name);

}  // namespace iprobe
