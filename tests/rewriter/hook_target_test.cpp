// In-process hooks (the interposition benchmark's rewrite and int3 mechanisms,
// userspace-loop/interpose/): a leaf that re-issues the call with its own
// `syscall` keeps the minimal call plan, sites it must not receive are
// refused, and --target int3 patches `syscall` into `int3; nop`.
#include <gtest/gtest.h>

#include <csignal>

#include "rewriter/call_plan.hpp"
#include "rewriter/target.hpp"
#include "test_support.hpp"

namespace sysrw::test {
namespace {

RewriteOptions hook_sites(const std::string& target, const std::string& function) {
  RewriteOptions o;
  o.target = parse_target(target);
  o.only_function = {function};
  return o;
}

int run_rewritten(const RewriteResult& r) {
  TempDir dir;
  write_file(dir.path() / "hook", r.output);
  return run_program(dir.path() / "hook");
}

TEST(HookTarget, TheProgramAsBuiltExits40) { EXPECT_EQ(run_program(snippet("hook")), 40); }

TEST(HookTarget, KernelEnteringLeafKeepsTheMinimalPlan) {
  auto r = rewrite_snippet("hook", hook_sites("local:hook_reissue", "site_getpid"));
  EXPECT_EQ(r.report.count(SiteReport::Status::kRewritten), 1u);
  EXPECT_NE(r.report.call.find("saves {}"), std::string::npos) << r.report.call;
  EXPECT_NE(r.report.call.find("+enters the kernel"), std::string::npos) << r.report.call;
  // getpid still reaches the kernel (pid > 0) and the hook saw both calls.
  EXPECT_EQ(run_rewritten(r), 42);
}

TEST(HookTarget, UnknownNumberIsRefusedForAKernelEnteringHook) {
  try {
    rewrite_snippet("hook", hook_sites("local:hook_reissue", "site_unknown"));
    FAIL() << "sent a site of unknown number to a hook that enters the kernel";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown number"), std::string::npos) << e.what();
  }
}

TEST(HookTarget, CloneIsRefusedForAKernelEnteringHook) {
  try {
    rewrite_snippet("hook", hook_sites("local:hook_reissue", "site_clone"));
    FAIL() << "sent clone to a hook that returns through its own stack";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("clone, clone3 or vfork"), std::string::npos) << e.what();
  }
}

TEST(Int3Target, ParsesAndDescribes) {
  EXPECT_EQ(parse_target("int3").kind, TargetSpec::Kind::kInt3);
  EXPECT_FALSE(parse_target("int3").calls_function());
}

TEST(Int3Target, SyscallBecomesInt3Nop) {
  auto r = rewrite_snippet("hook", hook_sites("int3", "site_getpid"));
  const SiteReport* s = site_in(r.report, "site_getpid");
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->status, SiteReport::Status::kRewritten);
  EXPECT_EQ(s->patch_end - s->patch_start, 2u);
  EXPECT_EQ(s->trampoline, 0u);
  EXPECT_EQ(r.report.trampoline_bytes, 0u);
  auto out = ElfImage::parse(r.output, "out");
  auto bytes = out.bytes_at(s->addr, 2);
  ASSERT_EQ(bytes.size(), 2u);
  EXPECT_EQ(bytes[0], 0xcc);
  EXPECT_EQ(bytes[1], 0x90);
  EXPECT_NE(rewrite_note(out).find("target=int3"), std::string::npos) << rewrite_note(out);
  // Nothing serves the trap in this program: it dies of SIGTRAP at the first call.
  EXPECT_EQ(run_rewritten(r), -SIGTRAP);
}

TEST(Int3Target, SigreturnIsStillRefused) {
  RewriteOptions o;
  o.target = parse_target("int3");
  auto r = rewrite_snippet("cases", o);
  const SiteReport* s = site_in(r.report, "case_sigreturn");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->status, SiteReport::Status::kRefused);
  EXPECT_EQ(s->reason, Refusal::kSigreturn);
  // Sites the jmp could not take (branch targets, block ends) are fine in place.
  const SiteReport* bt = site_in(r.report, "case_branch_target");
  ASSERT_NE(bt, nullptr);
  EXPECT_EQ(bt->status, SiteReport::Status::kRewritten);
}

}  // namespace
}  // namespace sysrw::test
