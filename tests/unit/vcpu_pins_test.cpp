#include "scenarios/common/vcpu_pins.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "scenarios/qemu/qemu_runner.hpp"
#include "scenarios/qemu/qemu_vcpu_pins.hpp"
#include "util/cpu_affinity.hpp"

namespace iprobe {
namespace {

std::vector<std::vector<int>> cpus_of(const std::vector<VcpuPlacement>& plan) {
  std::vector<std::vector<int>> out;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    EXPECT_EQ(plan[i].vcpu, static_cast<int>(i));
    out.push_back(plan[i].host_cpus);
  }
  return out;
}

using Cpus = std::vector<std::vector<int>>;

TEST(VcpuPins, OneVcpuKeepsTheLoopCpu) {
  EXPECT_EQ(cpus_of(plan_vcpu_placement(1, 1, {0, 1})), (Cpus{{1}}));
}

TEST(VcpuPins, OthersGetDistinctCpusWhileThereAreEnough) {
  EXPECT_EQ(cpus_of(plan_vcpu_placement(1, 2, {0, 1})), (Cpus{{1}, {0}}));
  EXPECT_EQ(cpus_of(plan_vcpu_placement(3, 3, {0, 1, 2, 3})), (Cpus{{3}, {0}, {1}}));
}

TEST(VcpuPins, TooFewCpusShareAllButTheLoops) {
  EXPECT_EQ(cpus_of(plan_vcpu_placement(1, 4, {0, 1, 2})), (Cpus{{1}, {0, 2}, {0, 2}, {0, 2}}));
  // One CPU only: nothing to move to.
  EXPECT_EQ(cpus_of(plan_vcpu_placement(0, 2, {0})), (Cpus{{0}, {0}}));
}

TEST(VcpuPins, TheLoopsVcpuNeedNotBeTheFirst) {
  // linux-qemu: the guest's loop runs on CPU 1.
  EXPECT_EQ(cpus_of(plan_vcpu_placement(1, 2, {0, 1}, 1)), (Cpus{{0}, {1}}));
  EXPECT_EQ(cpus_of(plan_vcpu_placement(3, 3, {0, 1, 2, 3}, 1)), (Cpus{{0}, {3}, {1}}));
  EXPECT_EQ(cpus_of(plan_vcpu_placement(2, 4, {0, 1, 2}, 1)), (Cpus{{0, 1}, {2}, {0, 1}, {0, 1}}));
}

TEST(VcpuPins, CpuListsLikeSysfs) {
  EXPECT_EQ(cpu_list({1}), "1");
  EXPECT_EQ(cpu_list({0, 2, 3, 4, 7}), "0,2-4,7");
  EXPECT_EQ(cpu_list({}), "");
  const auto record = placement_record(plan_vcpu_placement(1, 3, {0, 1, 2}));
  ASSERT_EQ(record.size(), 3u);
  EXPECT_EQ(record[0], (std::pair<std::string, std::string>{"0", "1"}));
  EXPECT_EQ(record[2], (std::pair<std::string, std::string>{"2", "2"}));
}

TEST(QemuVcpuPins, ThreadNames) {
  EXPECT_EQ(qemu_kvm_vcpu("CPU 0/KVM"), 0);
  EXPECT_EQ(qemu_kvm_vcpu("CPU 12/KVM"), 12);
  EXPECT_EQ(qemu_kvm_vcpu("CPU 1/TCG"), std::nullopt);
  EXPECT_EQ(qemu_kvm_vcpu("CPU /KVM"), std::nullopt);
  EXPECT_EQ(qemu_kvm_vcpu("CPU -1/KVM"), std::nullopt);
  EXPECT_EQ(qemu_kvm_vcpu("qemu-system-x86"), std::nullopt);
}

TEST(QemuVcpuPins, TcgIsNotPinnedAndSaysSo) {
  const QemuVcpuPlan plan = plan_qemu_vcpus(1, 2, 1, {0, 1});
  const VcpuPinningRecord tcg = qemu_pinning_record(Accel::kTcg, plan, 0, 0);
  EXPECT_TRUE(tcg.pinning.starts_with("not pinned: under tcg the vCPUs are emulated"))
      << tcg.pinning;
  EXPECT_TRUE(tcg.vcpu_host_cpus.empty());
  EXPECT_TRUE(tcg.warnings.empty());
  const VcpuPinningRecord kvm = qemu_pinning_record(Accel::kKvm, plan, 2, 0);
  EXPECT_TRUE(kvm.pinning.starts_with("pinned: ")) << kvm.pinning;
  EXPECT_EQ(kvm.vcpu_host_cpus,
            (std::vector<std::pair<std::string, std::string>>{{"0", "0"}, {"1", "1"}}));
  EXPECT_TRUE(kvm.warnings.empty());
  const VcpuPinningRecord lost = qemu_pinning_record(Accel::kKvm, plan, 1, 1);
  ASSERT_EQ(lost.warnings.size(), 2u);
  EXPECT_TRUE(lost.warnings[0].starts_with("only 1 of 2 QEMU vCPU threads")) << lost.warnings[0];
}

std::vector<int> affinity_of(int tid) {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (sched_getaffinity(tid, sizeof(set), &set) != 0) return cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) cpus.push_back(c);
  return cpus;
}

// A child process that names its threads as QEMU does, each a little after it started (QEMU
// names a thread from inside it, so the pinner can see it under its parent's name first).
[[noreturn]] void qemu_like_process() {
  auto named = [](const char* name) {
    return std::thread([name] {
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
      pthread_setname_np(pthread_self(), name);
      pause();
    });
  };
  std::thread a = named("CPU 0/KVM");
  std::thread b = named("CPU 1/KVM");
  std::thread c = named("IO mon_iothread");
  pause();
  _exit(0);
}

// Waits until `done` or 5 s, polling as qemu_runner does (every 50 ms).
template <typename Done>
void poll_pinner(QemuVcpuPinner& pinner, Done done) {
  for (int i = 0; i < 100 && !done(); ++i) {
    pinner.pin_new_threads();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  pinner.pin_new_threads();
}

// The loop's vCPU 1 alone on the loop's host CPU, vCPU 0 and QEMU's other threads elsewhere.
void expect_pinned_like_plan(int pid, const QemuVcpuPlan& plan) {
  int checked = 0;
  for (const ThreadInfo& t : process_threads(pid)) {
    const std::vector<int> cpus = affinity_of(t.tid);
    if (const auto vcpu = qemu_kvm_vcpu(t.name)) {
      EXPECT_EQ(cpus, plan.vcpus.at(static_cast<std::size_t>(*vcpu)).host_cpus) << t.name;
      ++checked;
    } else if (!plan.other_threads.empty()) {
      EXPECT_EQ(cpus, plan.other_threads) << t.name;
    }
  }
  EXPECT_EQ(checked, 2);
}

TEST(QemuVcpuPins, ThreadsOfARealProcessNamedLikeQemusArePinned) {
  const std::vector<int> allowed = allowed_cpus();
  ASSERT_FALSE(allowed.empty());
  const QemuVcpuPlan plan = plan_qemu_vcpus(1, 2, allowed.back(), allowed);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) qemu_like_process();
  QemuVcpuPinner pinner(plan);
  pinner.attach(pid);
  pinner.pin_new_threads();  // before the threads are named: all "other" threads
  poll_pinner(pinner, [&] { return pinner.vcpu_threads_found() >= 2; });
  EXPECT_EQ(pinner.vcpu_threads_found(), 2);
  EXPECT_EQ(pinner.failed(), 0);
  expect_pinned_like_plan(pid, plan);
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

// The real thing where it can start: QEMU under KVM, paused before the guest runs (-S), with
// the thread names qemu_runner asks for. (KVM guests do not boot on every host, but QEMU
// creates its vCPU threads either way.)
TEST(QemuVcpuPins, RealQemuUnderKvmIsPinned) {
  if (!kvm_device_usable()) GTEST_SKIP() << "/dev/kvm is not usable here";
  std::string qemu;
  try {
    qemu = find_qemu("").string();
  } catch (const std::exception& e) {
    GTEST_SKIP() << e.what();
  }
  const std::vector<int> allowed = allowed_cpus();
  ASSERT_FALSE(allowed.empty());
  const QemuVcpuPlan plan = plan_qemu_vcpus(1, 2, allowed.back(), allowed);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execl(qemu.c_str(), qemu.c_str(), "-accel", "kvm", "-name", "debug-threads=on", "-smp", "2",
          "-m", "64", "-S", "-nodefaults", "-display", "none", static_cast<char*>(nullptr));
    _exit(127);
  }
  QemuVcpuPinner pinner(plan);
  pinner.attach(pid);
  poll_pinner(pinner, [&] { return pinner.vcpu_threads_found() >= 2; });
  if (pinner.vcpu_threads_found() == 0 && waitpid(pid, nullptr, WNOHANG) == pid)
    GTEST_SKIP() << "QEMU did not start under KVM here";
  EXPECT_EQ(pinner.vcpu_threads_found(), 2);
  EXPECT_EQ(pinner.failed(), 0);
  expect_pinned_like_plan(pid, plan);
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

}  // namespace
}  // namespace iprobe
