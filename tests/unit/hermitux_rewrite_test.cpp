// `collector --scenario hermitux --rewrite`'s rewriting step, with the real syscall-rewriter and
// loops and the rewriter tests' stand-in kernel image (CI has no HermiTux).
#include "scenarios/hermitux/hermitux_rewrite.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "util/file_util.hpp"

#if defined(IPROBE_REWRITER) && defined(IPROBE_STANDIN_KERNEL)

namespace iprobe {
namespace {

namespace fs = std::filesystem;

class HermituxRewrite : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("iprobe-hx-rewrite-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(HermituxRewrite, IoctlSitesOfTheFreestandingLoopCallTheKernel) {
  const RewrittenProgram r =
      rewrite_for_hermitux(IPROBE_REWRITER, IPROBE_LOOP_FREESTANDING, IPROBE_STANDIN_KERNEL, dir_);
  EXPECT_EQ(r.program, dir_ / "roundtrip-loop-freestanding");
  ASSERT_TRUE(fs::exists(r.program));
  EXPECT_NE(fs::file_size(r.program), fs::file_size(IPROBE_LOOP_FREESTANDING));
  const std::string report = read_text_file(r.report);
  // fs_main's three inlined ioctl sites (reference call, warm-up, timed loop).
  EXPECT_NE(report.find("\"rewritten\": 3"), std::string::npos) << report;
  EXPECT_NE(r.how.find("trampoline"), std::string::npos);
}

TEST_F(HermituxRewrite, TheBoundLoopGetsSysIoctlsAddress) {
  const RewrittenProgram r =
      rewrite_for_hermitux(IPROBE_REWRITER, IPROBE_LOOP_FNCALL_BOUND, IPROBE_STANDIN_KERNEL, dir_);
  ASSERT_TRUE(fs::exists(r.program));
  const std::string report = read_text_file(r.report);
  EXPECT_NE(report.find("roundtrip_bound_ioctl"), std::string::npos) << report;
  EXPECT_NE(report.find("sys_ioctl"), std::string::npos) << report;
}

TEST_F(HermituxRewrite, AKernelWithoutSysIoctlIsRefusedWithTheToolsReason) {
  // The loop itself has no sys_ioctl symbol: not a usable kernel image.
  try {
    rewrite_for_hermitux(IPROBE_REWRITER, IPROBE_LOOP_FREESTANDING, IPROBE_LOOP_FNCALL_BOUND, dir_);
    FAIL() << "expected a refusal";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("syscall-rewriter refused"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(dir_ / "roundtrip-loop-freestanding"));
}

}  // namespace
}  // namespace iprobe

#endif
