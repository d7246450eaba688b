#include "scenarios/common/cpu_affinity.hpp"

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

}  // namespace iprobe
