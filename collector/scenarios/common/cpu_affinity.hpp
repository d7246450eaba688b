// The CPUs this process may run on (sched_getaffinity), for choosing where to pin loops.
#pragma once

#include <vector>

namespace iprobe {

// Ascending; empty if the mask cannot be read.
std::vector<int> allowed_cpus();
// The highest allowed CPU (0 if the mask cannot be read): the loops' default CPU, away from
// CPU 0 where most interrupts land.
int last_allowed_cpu();

}  // namespace iprobe
