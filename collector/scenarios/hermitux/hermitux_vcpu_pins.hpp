// Where uhyve's vCPUs run on the host. uhyve runs vCPU 0 on proxy's main thread and starts one
// thread per further vCPU, in order (hermitux-kernel tools/uhyve.c: `vcpu_threads[0] =
// pthread_self()`, then `pthread_create(..., uhyve_thread, i)` for i = 1 .. HERMIT_CPUS-1; the
// threads are unnamed, and uhyve starts no other thread without HERMIT_NETIF; the host kernel may
// add a KVM worker of its own, named "kvm-nx-lpage-re"). They all inherit
// proxy's single-CPU pin, so with several vCPUs they would share the loop's host CPU: the loop's
// vCPU (0: HermiTux runs the application on core 0 and never migrates it) keeps that CPU, and
// each other vCPU thread is moved, as soon as it appears, to a host CPU of its own (or, when
// there are fewer host CPUs than vCPUs, to all the CPUs but the loop's). The plan and the
// pinning itself are shared with linux-qemu (scenarios/common/vcpu_pins).
#pragma once

#include <string>
#include <vector>

#include "scenarios/common/vcpu_pins.hpp"

namespace iprobe {

// HermiTux (hermitux-kernel ff53acc) can hang at boot with more than one vCPU, whatever the
// pinning: a further core prints its first log line before it has set its core id, so it passes
// for core 0, and the log's lock (spinlock_irqsave, which lets its owner's core back in) can
// admit both cores; core 0 may leave it with interrupts off and then halts for good in its idle
// loop (doc/hermitux-smp-hang.md has the evidence). The collector refuses such a run unless the
// user forces it: "" when `vcpus` may run, else the one-line reason.
std::string vcpu_count_refusal(int vcpus, bool forced);

// Follows one proxy process: pins its threads other than the main one that carry proxy's name,
// in the order they appear (thread id order), to the plan's vCPU 1, 2, ... CPUs.
class VcpuPinner {
 public:
  explicit VcpuPinner(std::vector<VcpuPlacement> plan);
  VcpuPinner(const VcpuPinner&) = delete;  // its policy refers to this object
  VcpuPinner& operator=(const VcpuPinner&) = delete;
  void attach(int pid) {
    pid_ = pid;
    pinner_.attach(pid);
  }
  // Pins the threads that appeared since the last call; cheap enough for every poll.
  void pin_new_threads() {
    if (plan_.size() >= 2) pinner_.pin_new_threads();
  }
  // vCPU threads seen and pinned, and threads that could not be pinned.
  [[nodiscard]] int pinned() const { return pinner_.pinned(); }
  [[nodiscard]] int failed() const { return pinner_.failed(); }

 private:
  std::vector<VcpuPlacement> plan_;
  int pid_ = -1;
  std::string proxy_name_;  // the main thread's name, which uhyve's vCPU threads keep
  std::size_t vcpu_threads_ = 0;
  ThreadPinner pinner_;
};

}  // namespace iprobe
