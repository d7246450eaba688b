#include "scenarios/hermitux/hermitux_vcpu_pins.hpp"

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace fs = std::filesystem;

namespace iprobe {

std::string vcpu_count_refusal(int vcpus, bool forced) {
  if (vcpus <= 1 || forced) return "";
  return "--hermitux-cpus " + std::to_string(vcpus) +
         " refused: HermiTux's own SMP boot hangs now and then (its second core logs as core 0 "
         "before it sets its core id, the log lock lets both cores in, and core 0 can be left "
         "halted with interrupts off; doc/hermitux-smp-hang.md); run with 1 vCPU, or pass "
         "--hermitux-force-smp to take that risk";
}

std::vector<VcpuPlacement> plan_vcpu_placement(int loop_cpu, int vcpus,
                                               const std::vector<int>& allowed) {
  std::vector<int> others;
  for (int c : allowed)
    if (c != loop_cpu) others.push_back(c);
  std::vector<VcpuPlacement> plan{{0, {loop_cpu}}};
  for (int v = 1; v < vcpus; ++v) {
    const auto index = static_cast<std::size_t>(v - 1);
    if (others.empty())
      plan.push_back({v, {loop_cpu}});  // nowhere else to go: they share
    else if (vcpus - 1 <= static_cast<int>(others.size()))
      plan.push_back({v, {others[index]}});
    else
      plan.push_back({v, others});
  }
  return plan;
}

std::string cpu_list(const std::vector<int>& cpus) {
  std::string out;
  for (std::size_t i = 0; i < cpus.size();) {
    std::size_t j = i;
    while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(cpus[i]);
    if (j > i) out += '-' + std::to_string(cpus[j]);
    i = j + 1;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> placement_record(
    const std::vector<VcpuPlacement>& plan) {
  std::vector<std::pair<std::string, std::string>> record;
  record.reserve(plan.size());
  for (const VcpuPlacement& p : plan)
    record.emplace_back(std::to_string(p.vcpu), cpu_list(p.host_cpus));
  return record;
}

namespace {

bool set_thread_cpus(int tid, const std::vector<int>& cpus) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int c : cpus)
    if (c >= 0 && c < CPU_SETSIZE) CPU_SET(c, &set);
  return sched_setaffinity(tid, sizeof(set), &set) == 0;
}

// A thread's name (/proc/PID/task/TID/comm), "" once it is gone.
std::string thread_name(const fs::path& task) {
  std::ifstream in(task / "comm");
  std::string name;
  std::getline(in, name);
  return name;
}

}  // namespace

void VcpuPinner::pin_new_threads() {
  if (pid_ < 0 || plan_.size() < 2) return;
  const fs::path tasks = "/proc/" + std::to_string(pid_) + "/task";
  // uhyve's vCPU threads are unnamed: they carry proxy's name. KVM's own workers in the
  // process (e.g. "kvm-nx-lpage-re") do not, and are left alone.
  const std::string proxy_name = thread_name(tasks / std::to_string(pid_));
  std::vector<int> fresh;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(tasks, ec)) {
    const std::string name = entry.path().filename().string();
    int tid = 0;
    const auto [end, err] = std::from_chars(name.data(), name.data() + name.size(), tid);
    if (err != std::errc{} || tid == pid_ || seen_.contains(tid)) continue;
    if (thread_name(entry.path()) == proxy_name) fresh.push_back(tid);
  }
  std::sort(fresh.begin(), fresh.end());  // creation order: uhyve starts them one after another
  for (int tid : fresh) {
    seen_.insert(tid);
    const std::size_t vcpu = std::min(seen_.size(), plan_.size() - 1);
    if (set_thread_cpus(tid, plan_[vcpu].host_cpus))
      ++pinned_;
    else
      ++failed_;
  }
}

}  // namespace iprobe
