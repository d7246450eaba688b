// The part of the in-guest collector's command line every kind that runs loop processes passes
// under --scenario linux-qemu (the guest runs them with --scenario linux).
#pragma once

#include <string>

#include "scenarios/common/run_options.hpp"

namespace iprobe {

// " --iterations N --warmup W --runs R --outlier-factor F --run-id HEX --cpu K": the run's
// settings, one run id for the whole run (random when none was given).
std::string loop_guest_arguments(const RunOptions& options, int guest_cpu);

}  // namespace iprobe
