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
