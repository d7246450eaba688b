// Lines the kinds' console tables share: the TSC floor and the environment.
#pragma once

#include <optional>
#include <ostream>

#include "util/types.hpp"

namespace iprobe {

// "TSC floor (cycles, one ordered read pair)  min M  p50 P  samples S", or "... unknown".
void print_floor_line(std::ostream& out, const std::optional<TscFloor>& floor);

// One line of the environment, then the mitigations that are not "Not affected".
void print_environment_line(std::ostream& out, const Environment& environment);

}  // namespace iprobe
