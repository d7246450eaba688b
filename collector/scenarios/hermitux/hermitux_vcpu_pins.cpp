#include "scenarios/hermitux/hermitux_vcpu_pins.hpp"

#include <algorithm>

namespace iprobe {

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
