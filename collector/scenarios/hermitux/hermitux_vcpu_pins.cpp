#include "scenarios/hermitux/hermitux_vcpu_pins.hpp"

#include <algorithm>

namespace iprobe {

std::string vcpu_count_refusal(int vcpus, bool forced) {
  if (vcpus <= 1 || forced) return "";
  return "--hermitux-cpus " + std::to_string(vcpus) +
         " refused: HermiTux's own SMP boot hangs now and then (its second core logs as core 0 "
         "before it sets its core id, the log lock lets both cores in, and core 0 can be left "
         "halted with interrupts off; doc/hermitux-smp-hang.md); run with 1 vCPU, or pass "
         "--hermitux-force-smp to take that risk";
}

VcpuPinner::VcpuPinner(std::vector<VcpuPlacement> plan)
    : plan_(std::move(plan)),
      pinner_([this](const ThreadInfo& thread) -> std::optional<std::vector<int>> {
        // Thread id order: the main thread comes first and names the process.
        if (thread.tid == pid_) {
          proxy_name_ = thread.name;
          return std::nullopt;
        }
        // KVM's own workers in the process (e.g. "kvm-nx-lpage-re") have names of their own.
        if (thread.name != proxy_name_) return std::nullopt;
        ++vcpu_threads_;
        return plan_[std::min(vcpu_threads_, plan_.size() - 1)].host_cpus;
      }) {}

}  // namespace iprobe
