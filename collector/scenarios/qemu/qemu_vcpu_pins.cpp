#include "scenarios/qemu/qemu_vcpu_pins.hpp"

#include <charconv>

namespace iprobe {

QemuVcpuPlan plan_qemu_vcpus(int loop_vcpu, int smp, int loop_host_cpu,
                             const std::vector<int>& allowed) {
  QemuVcpuPlan plan;
  plan.vcpus = plan_vcpu_placement(loop_host_cpu, smp, allowed, loop_vcpu);
  for (int c : allowed)
    if (c != loop_host_cpu) plan.other_threads.push_back(c);
  return plan;
}

std::optional<int> qemu_kvm_vcpu(std::string_view thread_name) {
  constexpr std::string_view kPrefix = "CPU ";
  constexpr std::string_view kSuffix = "/KVM";
  if (!thread_name.starts_with(kPrefix) || !thread_name.ends_with(kSuffix)) return std::nullopt;
  const std::string_view number =
      thread_name.substr(kPrefix.size(), thread_name.size() - kPrefix.size() - kSuffix.size());
  int vcpu = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), vcpu);
  if (ec != std::errc{} || end != number.data() + number.size() || vcpu < 0) return std::nullopt;
  return vcpu;
}

QemuVcpuPinner::QemuVcpuPinner(QemuVcpuPlan plan)
    : plan_(std::move(plan)),
      pinner_([this](const ThreadInfo& thread) -> std::optional<std::vector<int>> {
        if (const auto vcpu = qemu_kvm_vcpu(thread.name)) {
          if (*vcpu >= static_cast<int>(plan_.vcpus.size())) return std::nullopt;
          ++vcpu_threads_;
          return plan_.vcpus[static_cast<std::size_t>(*vcpu)].host_cpus;
        }
        // Not (yet) named as a vCPU: off the loop's CPU. A vCPU thread caught before QEMU
        // names it is offered again under its new name.
        if (plan_.other_threads.empty()) return std::nullopt;
        return plan_.other_threads;
      }) {}

VcpuPinningRecord qemu_pinning_record(Accel accel, const QemuVcpuPlan& plan, int vcpu_threads_found,
                                      int failed) {
  VcpuPinningRecord record;
  if (accel != Accel::kKvm) {
    record.pinning = "not pinned: under " + name(accel) +
                     " the vCPUs are emulated, their cycles are emulation cycles wherever the "
                     "threads run";
    return record;
  }
  record.pinning =
      "pinned: each QEMU vCPU thread on its vcpu_host_cpus, QEMU's other threads "
      "off the loop's host CPU";
  record.vcpu_host_cpus = placement_record(plan.vcpus);
  const int vcpus = static_cast<int>(plan.vcpus.size());
  if (vcpu_threads_found < vcpus)
    record.warnings.push_back("only " + std::to_string(vcpu_threads_found) + " of " +
                              std::to_string(vcpus) +
                              " QEMU vCPU threads were found by name (\"CPU N/KVM\") and pinned: "
                              "the others ran wherever the host put them");
  if (failed > 0)
    record.warnings.push_back(std::to_string(failed) +
                              " QEMU thread(s) could not be moved to their host CPUs");
  if (plan.other_threads.empty() && vcpus > 1)
    record.warnings.push_back(
        "no host CPU besides the loop's: QEMU's other vCPUs and threads share it");
  return record;
}

}  // namespace iprobe
