#include "scenarios/common/vcpu_pins.hpp"

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace fs = std::filesystem;

namespace iprobe {

std::vector<VcpuPlacement> plan_vcpu_placement(int loop_cpu, int vcpus,
                                               const std::vector<int>& allowed, int loop_vcpu) {
  std::vector<int> others;
  for (int c : allowed)
    if (c != loop_cpu) others.push_back(c);
  const int other_vcpus = loop_vcpu < vcpus ? vcpus - 1 : vcpus;
  const bool one_each = other_vcpus <= static_cast<int>(others.size());
  std::vector<VcpuPlacement> plan;
  std::size_t next = 0;
  for (int v = 0; v < vcpus; ++v) {
    if (v == loop_vcpu || others.empty())  // with no other CPU, they share the loop's
      plan.push_back({v, {loop_cpu}});
    else if (one_each)
      plan.push_back({v, {others[next++]}});
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

std::vector<ThreadInfo> process_threads(int pid) {
  std::vector<ThreadInfo> threads;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    const std::string id = entry.path().filename().string();
    int tid = 0;
    const auto [end, err] = std::from_chars(id.data(), id.data() + id.size(), tid);
    if (err != std::errc{} || end != id.data() + id.size()) continue;
    std::ifstream comm(entry.path() / "comm");
    std::string name;
    if (!std::getline(comm, name)) continue;  // gone meanwhile
    threads.push_back({tid, name});
  }
  std::sort(threads.begin(), threads.end(),
            [](const ThreadInfo& a, const ThreadInfo& b) { return a.tid < b.tid; });
  return threads;
}

namespace {

bool set_thread_cpus(int tid, const std::vector<int>& cpus) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int c : cpus)
    if (c >= 0 && c < CPU_SETSIZE) CPU_SET(c, &set);
  return sched_setaffinity(tid, sizeof(set), &set) == 0;
}

}  // namespace

void ThreadPinner::pin_new_threads() {
  if (pid_ < 0) return;
  for (const ThreadInfo& thread : process_threads(pid_)) {
    const auto seen = offered_.find(thread.tid);
    if (seen != offered_.end() && seen->second == thread.name) continue;
    offered_[thread.tid] = thread.name;
    const std::optional<std::vector<int>> cpus = policy_(thread);
    if (!cpus) continue;
    if (set_thread_cpus(thread.tid, *cpus))
      ++pinned_;
    else
      ++failed_;
  }
}

}  // namespace iprobe
