#include "scenarios/hermitux/hermitux_vcpu_pins.hpp"

#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <thread>

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

TEST(HermituxVcpuPins, MoreThanOneVcpuIsRefusedUnlessForced) {
  EXPECT_EQ(vcpu_count_refusal(1, false), "");
  EXPECT_EQ(vcpu_count_refusal(1, true), "");
  const std::string why = vcpu_count_refusal(2, false);
  EXPECT_EQ(why.rfind("--hermitux-cpus 2 refused: ", 0), 0U) << why;
  EXPECT_NE(why.find("--hermitux-force-smp"), std::string::npos) << why;
  EXPECT_EQ(why.find('\n'), std::string::npos) << "one line";
  EXPECT_EQ(vcpu_count_refusal(2, true), "");
  EXPECT_EQ(vcpu_count_refusal(64, true), "");
}

TEST(HermituxVcpuPins, OneVcpuKeepsTheLoopCpu) {
  EXPECT_EQ(cpus_of(plan_vcpu_placement(1, 1, {0, 1})), (std::vector<std::vector<int>>{{1}}));
}

TEST(HermituxVcpuPins, OthersGetDistinctCpusWhileThereAreEnough) {
  EXPECT_EQ(cpus_of(plan_vcpu_placement(1, 2, {0, 1})), (std::vector<std::vector<int>>{{1}, {0}}));
  EXPECT_EQ(cpus_of(plan_vcpu_placement(3, 3, {0, 1, 2, 3})),
            (std::vector<std::vector<int>>{{3}, {0}, {1}}));
}

TEST(HermituxVcpuPins, TooFewCpusShareAllButTheLoops) {
  EXPECT_EQ(cpus_of(plan_vcpu_placement(1, 4, {0, 1, 2})),
            (std::vector<std::vector<int>>{{1}, {0, 2}, {0, 2}, {0, 2}}));
  // One CPU only: nothing to move to.
  EXPECT_EQ(cpus_of(plan_vcpu_placement(0, 2, {0})), (std::vector<std::vector<int>>{{0}, {0}}));
}

TEST(HermituxVcpuPins, CpuListsLikeSysfs) {
  EXPECT_EQ(cpu_list({1}), "1");
  EXPECT_EQ(cpu_list({0, 2, 3, 4, 7}), "0,2-4,7");
  EXPECT_EQ(cpu_list({}), "");
  const auto record = placement_record(plan_vcpu_placement(1, 3, {0, 1, 2}));
  ASSERT_EQ(record.size(), 3u);
  EXPECT_EQ(record[0], (std::pair<std::string, std::string>{"0", "1"}));
  EXPECT_EQ(record[2], (std::pair<std::string, std::string>{"2", "2"}));
}

// The pinner on a real process (this one): a thread started after attach() is moved to the
// plan's vCPU 1 CPUs; the main thread is left alone.
TEST(HermituxVcpuPins, PinnerMovesThreadsOtherThanTheMainOne) {
  cpu_set_t mine;
  ASSERT_EQ(sched_getaffinity(0, sizeof(mine), &mine), 0);
  int first = -1;
  for (int c = 0; c < CPU_SETSIZE && first < 0; ++c)
    if (CPU_ISSET(c, &mine)) first = c;
  ASSERT_GE(first, 0);
  VcpuPinner pinner(std::vector<VcpuPlacement>{{0, {first}}, {1, {first}}});
  pinner.attach(static_cast<int>(getpid()));
  std::atomic<bool> done{false};
  std::atomic<int> tid{0};
  std::thread worker([&] {
    tid = static_cast<int>(syscall(SYS_gettid));
    while (!done) std::this_thread::yield();
  });
  while (tid == 0) std::this_thread::yield();
  pinner.pin_new_threads();
  pinner.pin_new_threads();  // a thread is pinned once
  cpu_set_t got;
  ASSERT_EQ(sched_getaffinity(tid, sizeof(got), &got), 0);
  done = true;
  worker.join();
  EXPECT_EQ(CPU_COUNT(&got), 1);
  EXPECT_TRUE(CPU_ISSET(first, &got));
  // gtest may run threads of its own: at least ours was pinned, none failed.
  EXPECT_GE(pinner.pinned(), 1);
  EXPECT_EQ(pinner.failed(), 0);
}

}  // namespace
}  // namespace iprobe
