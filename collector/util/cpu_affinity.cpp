#include "util/cpu_affinity.hpp"

#include <sched.h>

namespace iprobe {

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof(set), &set) == 0)
    for (int c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &set)) cpus.push_back(c);
  return cpus;
}

int last_allowed_cpu() {
  const std::vector<int> cpus = allowed_cpus();
  return cpus.empty() ? 0 : cpus.back();
}

bool pin_to_cpu(int cpu) {
  if (cpu < 0 || cpu >= CPU_SETSIZE) return false;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  return sched_setaffinity(0, sizeof(one), &one) == 0;
}

void move_off_cpu(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (cpu < 0 || cpu >= CPU_SETSIZE) return;
  if (sched_getaffinity(0, sizeof(set), &set) != 0 || !CPU_ISSET(cpu, &set)) return;
  if (CPU_COUNT(&set) < 2) return;
  CPU_CLR(cpu, &set);
  sched_setaffinity(0, sizeof(set), &set);  // best effort: a failure only costs precision
}

ScopedCpuPin::ScopedCpuPin(int cpu) {
  if (cpu < 0 || sched_getaffinity(0, sizeof(saved_), &saved_) != 0) return;
  active_ = pin_to_cpu(cpu);
}

ScopedCpuPin::~ScopedCpuPin() {
  if (active_) sched_setaffinity(0, sizeof(saved_), &saved_);
}

}  // namespace iprobe
