// tracepoint_cost of a --probe tracepoint run, from its raw logs: the per-call round trip
// (u_after - u_before) of the traced loop (raw/user.log) and of the same loop run right before
// and right after it with the events off (raw/untraced-before.log, raw/untraced-after.log).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "results/results.hpp"

namespace iprobe {

// The round trip of the measured calls in one loop output (the first run it holds). Throws
// std::runtime_error naming the file when it cannot be read or holds no format-2 stamp.
LoopRoundTrip loop_round_trip(const std::filesystem::path& log);

// The cost from the three outputs, on `cpu`. Adds a warning to `warnings` when the two untraced
// runs disagree by more than 10 % at p50 (the machine changed meanwhile: the cost is uncertain).
TracepointCost tracepoint_cost(const std::filesystem::path& traced,
                               const std::filesystem::path& untraced_before,
                               const std::filesystem::path& untraced_after, int cpu,
                               std::vector<std::string>& warnings);

}  // namespace iprobe
