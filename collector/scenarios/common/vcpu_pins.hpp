// Where a hypervisor's vCPU threads run on the host, shared by the HermiTux path (uhyve) and
// linux-qemu under KVM: a plan (the loop's vCPU alone on the loop's host CPU, each other vCPU
// on a CPU of its own while there are enough), its record for the environment, and a pinner
// that follows one process and moves each of its threads, as it appears, where a placement
// policy says (scenarios/hermitux/hermitux_vcpu_pins, scenarios/qemu/qemu_vcpu_pins).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace iprobe {

struct VcpuPlacement {
  int vcpu = 0;
  std::vector<int> host_cpus;  // ascending
};

// The host CPUs of vCPU 0 .. vcpus-1: `loop_vcpu` (the vCPU the loop runs on) gets
// `loop_cpu` alone; the others take the remaining allowed CPUs, one each while there are
// enough, else all of them together; with no other CPU they share the loop's.
std::vector<VcpuPlacement> plan_vcpu_placement(int loop_cpu, int vcpus,
                                               const std::vector<int>& allowed, int loop_vcpu = 0);

// "1" / "0,2-3": a CPU list as in /sys and taskset.
std::string cpu_list(const std::vector<int>& cpus);

// vCPU -> host CPU list, for the environment record ("0" -> "1", "1" -> "0").
std::vector<std::pair<std::string, std::string>> placement_record(
    const std::vector<VcpuPlacement>& plan);

// A thread of a process: its id and its name (/proc/PID/task/TID/comm).
struct ThreadInfo {
  int tid = 0;
  std::string name;
};

// The threads of `pid` in thread id order (creation order); empty once it is gone.
std::vector<ThreadInfo> process_threads(int pid);

// Follows one process: each thread is offered to the policy when first seen and again when
// its name changes (QEMU and uhyve name a thread after creating it); the policy returns the
// host CPUs to pin it to, or nullopt to leave it where it is.
class ThreadPinner {
 public:
  using Policy = std::function<std::optional<std::vector<int>>(const ThreadInfo&)>;
  explicit ThreadPinner(Policy policy) : policy_(std::move(policy)) {}
  void attach(int pid) { pid_ = pid; }
  // Offers the threads that appeared or were renamed since the last call; cheap enough for
  // every poll.
  void pin_new_threads();
  // Threads moved, and threads that could not be moved (gone meanwhile, or refused).
  [[nodiscard]] int pinned() const { return pinned_; }
  [[nodiscard]] int failed() const { return failed_; }

 private:
  Policy policy_;
  int pid_ = -1;
  std::map<int, std::string> offered_;  // tid -> the name it had when offered
  int pinned_ = 0;
  int failed_ = 0;
};

}  // namespace iprobe
