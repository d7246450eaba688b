// The first pass over the user logs: their "ioprobe run" headers (each with the floor line that
// follows it) and total lines, and the choice of the run to pair: the requested one, else the
// LAST header seen. Its iteration count N sizes the pairing's memory.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "logs/log_format.hpp"
#include "logs/log_source.hpp"
#include "pair/pairing.hpp"
#include "util/types.hpp"

namespace iprobe {

struct ChosenRun {
  RunHeader header;
  std::optional<TscFloor> floor;      // the floor line following the chosen header
  std::optional<LoopTotal> total;     // the last total line of the chosen run
  std::vector<std::string> warnings;  // several headers of the chosen run
};

// format_of gives the form each user log is read in (kAuto: detected). Throws
// std::runtime_error with a one-line message when there is no user log, when the logs hold no
// (or not the requested) run header, or when N exceeds options.max_iterations.
ChosenRun choose_run(std::span<const LogSource> user_logs, const PairingOptions& options,
                     const std::function<LogFormat(const LogSource&)>& format_of);

}  // namespace iprobe
