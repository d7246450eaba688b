// Where uhyve's vCPUs run on the host. uhyve runs vCPU 0 on proxy's main thread and starts one
// thread per further vCPU, in order (hermitux-kernel tools/uhyve.c: `vcpu_threads[0] =
// pthread_self()`, then `pthread_create(..., uhyve_thread, i)` for i = 1 .. HERMIT_CPUS-1; the
// threads are unnamed, and uhyve starts no other thread without HERMIT_NETIF; the host kernel may
// add a KVM worker of its own, named "kvm-nx-lpage-re"). They all inherit
// proxy's single-CPU pin, so with several vCPUs they would share the loop's host CPU: the loop's
// vCPU (0: HermiTux runs the application on core 0 and never migrates it) keeps that CPU, and
// each other vCPU thread is moved, as soon as it appears, to a host CPU of its own (or, when
// there are fewer host CPUs than vCPUs, to all the CPUs but the loop's).
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace iprobe {

struct VcpuPlacement {
  int vcpu = 0;
  std::vector<int> host_cpus;  // ascending
};

// HermiTux (hermitux-kernel ff53acc) can hang at boot with more than one vCPU, whatever the
// pinning: a further core prints its first log line before it has set its core id, so it passes
// for core 0, and the log's lock (spinlock_irqsave, which lets its owner's core back in) can
// admit both cores; core 0 may leave it with interrupts off and then halts for good in its idle
// loop (doc/hermitux-smp-hang.md has the evidence). The collector refuses such a run unless the
// user forces it: "" when `vcpus` may run, else the one-line reason.
std::string vcpu_count_refusal(int vcpus, bool forced);

// The host CPUs of vCPU 0 .. vcpus-1, given the loop's CPU and the CPUs this process may use.
std::vector<VcpuPlacement> plan_vcpu_placement(int loop_cpu, int vcpus,
                                               const std::vector<int>& allowed);

// "1" / "0,2-3": a CPU list as in /sys and taskset.
std::string cpu_list(const std::vector<int>& cpus);

// vCPU -> host CPU list, for the environment record ("0" -> "1", "1" -> "0").
std::vector<std::pair<std::string, std::string>> placement_record(
    const std::vector<VcpuPlacement>& plan);

// Follows one proxy process: pins its threads other than the main one that carry proxy's name,
// in the order they appear (thread id order), to the plan's vCPU 1, 2, ... CPUs.
class VcpuPinner {
 public:
  explicit VcpuPinner(std::vector<VcpuPlacement> plan) : plan_(std::move(plan)) {}
  void attach(int pid) { pid_ = pid; }
  // Pins the threads that appeared since the last call; cheap enough for every poll.
  void pin_new_threads();
  // vCPU threads seen and pinned, and threads that could not be pinned.
  int pinned() const { return pinned_; }
  int failed() const { return failed_; }

 private:
  std::vector<VcpuPlacement> plan_;
  int pid_ = -1;
  std::set<int> seen_;
  int pinned_ = 0;
  int failed_ = 0;
};

}  // namespace iprobe
