// CPU affinity in one place: the CPUs this process may run on (for choosing where to pin the
// loops), and moving the calling thread onto or off one CPU.
#pragma once

#include <sched.h>

#include <vector>

namespace iprobe {

// Ascending; empty if the mask cannot be read.
std::vector<int> allowed_cpus();
// The highest allowed CPU (0 if the mask cannot be read): the loops' default CPU, away from
// CPU 0 where most interrupts land.
int last_allowed_cpu();
// Pins the calling thread to `cpu`; false when it cannot (the run then only loses precision).
bool pin_to_cpu(int cpu);
// Keeps the calling thread off `cpu` (e.g. the collector's own wake-ups off the loop's CPU),
// unless that would leave it nowhere to run.
void move_off_cpu(int cpu);

// Pins the calling thread to one CPU for its lifetime and restores the previous mask after:
// wrapped around a fork, the child starts (and stays, with its threads) on that CPU.
class ScopedCpuPin {
 public:
  explicit ScopedCpuPin(int cpu);  // cpu < 0: no change
  ~ScopedCpuPin();
  ScopedCpuPin(const ScopedCpuPin&) = delete;
  ScopedCpuPin& operator=(const ScopedCpuPin&) = delete;

 private:
  cpu_set_t saved_{};
  bool active_ = false;
};

}  // namespace iprobe
