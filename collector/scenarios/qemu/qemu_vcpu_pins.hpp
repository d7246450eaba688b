// linux-qemu's vCPUs on the host. Under KVM a guest cycle is a host cycle, so where QEMU's
// threads run matters: QEMU names each vCPU thread "CPU N/KVM" (given -name debug-threads=on);
// the loop's vCPU goes alone to the loop's host CPU, each other vCPU to a host CPU of its own
// (shared when there are too few), and QEMU's other threads (main loop, I/O, RCU) to every
// allowed CPU but the loop's. Under TCG the vCPUs are emulated: their cycles are emulation
// cycles wherever the threads run, so nothing is pinned, and the record says so.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenarios/common/vcpu_pins.hpp"
#include "util/enums.hpp"

namespace iprobe {

struct QemuVcpuPlan {
  std::vector<VcpuPlacement> vcpus;  // vCPU 0 .. smp-1
  std::vector<int> other_threads;    // host CPUs of QEMU's own threads; empty: left alone
};

// The loop runs on guest CPU `loop_vcpu`; its vCPU gets `loop_host_cpu` alone.
QemuVcpuPlan plan_qemu_vcpus(int loop_vcpu, int smp, int loop_host_cpu,
                             const std::vector<int>& allowed);

// "CPU 1/KVM" -> 1; nullopt for any other thread name.
std::optional<int> qemu_kvm_vcpu(std::string_view thread_name);

// Follows one QEMU process and pins its threads to the plan as they appear or are named.
class QemuVcpuPinner {
 public:
  explicit QemuVcpuPinner(QemuVcpuPlan plan);
  QemuVcpuPinner(const QemuVcpuPinner&) = delete;  // its policy refers to this object
  QemuVcpuPinner& operator=(const QemuVcpuPinner&) = delete;
  void attach(int pid) { pinner_.attach(pid); }
  void pin_new_threads() { pinner_.pin_new_threads(); }
  // vCPU threads found by name (and handed to the pinner), and threads that could not be moved.
  [[nodiscard]] int vcpu_threads_found() const { return vcpu_threads_; }
  [[nodiscard]] int failed() const { return pinner_.failed(); }

 private:
  QemuVcpuPlan plan_;
  int vcpu_threads_ = 0;
  ThreadPinner pinner_;
};

// What a guest run records about its vCPU threads (Environment vcpu_pinning, vcpu_host_cpus).
struct VcpuPinningRecord {
  std::string pinning;                                              // one line, never ""
  std::vector<std::pair<std::string, std::string>> vcpu_host_cpus;  // empty when not pinned
  std::vector<std::string> warnings;
};

// Under KVM: the plan, and warnings for vCPU threads not found or not moved. Under TCG: why
// nothing was pinned.
VcpuPinningRecord qemu_pinning_record(Accel accel, const QemuVcpuPlan& plan, int vcpu_threads_found,
                                      int failed);

}  // namespace iprobe
