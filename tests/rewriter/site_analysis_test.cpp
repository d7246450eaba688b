// Which syscall sites of the hand-written snippets (snippets/cases.S) are
// rewritten, which are refused and why.
#include <gtest/gtest.h>

#include "rewriter/branch_targets.hpp"
#include "rewriter/code_map.hpp"
#include "rewriter/function_bounds.hpp"
#include "rewriter/site_finder.hpp"
#include "rewriter/site_planner.hpp"
#include "test_support.hpp"

namespace sysrw::test {
namespace {

class CasesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { result_.emplace(rewrite_snippet("cases")); }
  static void TearDownTestSuite() { result_.reset(); }
  static const SiteReport& site(const std::string& function, size_t nth = 0) {
    const SiteReport* s = site_in(result_->report, function, nth);
    if (!s) throw std::runtime_error("no site in " + function);
    return *s;
  }
  static void expect_refused(const std::string& function, Refusal reason, size_t nth = 0) {
    const auto& s = site(function, nth);
    EXPECT_EQ(s.status, SiteReport::Status::kRefused) << function;
    EXPECT_EQ(refusal_name(s.reason), std::string(refusal_name(reason)))
        << function << ": " << s.detail;
  }
  static std::optional<RewriteResult> result_;  // shared by the suite, read-only
};
std::optional<RewriteResult> CasesTest::result_;

TEST_F(CasesTest, FindsEverySite) { EXPECT_EQ(result_->report.sites.size(), 18u); }

TEST_F(CasesTest, ForwardWindowTakesTheInstructionsAfter) {
  const auto& s = site("case_forward");
  ASSERT_EQ(s.status, SiteReport::Status::kRewritten);
  EXPECT_EQ(s.patch_start, s.addr);            // starts at the syscall
  EXPECT_EQ(s.patch_end - s.patch_start, 8u);  // syscall (2) + cmp $-4095,%rax (6)
  ASSERT_TRUE(s.nr.has_value());
  EXPECT_EQ(*s.nr, 39u);  // the mov to rdi in between does not hide it
}

TEST_F(CasesTest, BackwardWindowTakesTheMovBefore) {
  const auto& s = site("case_backward");
  ASSERT_EQ(s.status, SiteReport::Status::kRewritten);
  EXPECT_EQ(s.patch_start, s.addr - 5);  // mov $102,%eax
  EXPECT_EQ(s.patch_end, s.addr + 2);
  EXPECT_EQ(s.nr, std::optional<uint64_t>(102));
}

TEST_F(CasesTest, RipRelativeAndShortBranchesAreMoved) {
  EXPECT_EQ(site("case_rip_relative").status, SiteReport::Status::kRewritten);
  EXPECT_EQ(site("case_rel_branch").status, SiteReport::Status::kRewritten);
}

TEST_F(CasesTest, RefusesBranchTarget) {
  expect_refused("case_branch_target", Refusal::kBranchTarget);
}

TEST_F(CasesTest, RefusesFunctionBoundary) {
  expect_refused("case_function_end", Refusal::kFunctionBoundary);
}

TEST_F(CasesTest, RefusesCallInWindow) {
  expect_refused("case_call_after", Refusal::kUnrelocatable);
  EXPECT_NE(site("case_call_after").detail.find("call"), std::string::npos);
}

TEST_F(CasesTest, RefusesRel8OnlyBranch) {
  expect_refused("case_jrcxz", Refusal::kUnrelocatable);
  EXPECT_NE(site("case_jrcxz").detail.find("jrcxz"), std::string::npos);
}

TEST_F(CasesTest, RefusesAdjacentSyscalls) {
  expect_refused("case_adjacent", Refusal::kAdjacentSyscall, 0);
  EXPECT_EQ(site("case_adjacent", 1).status, SiteReport::Status::kRefused);
}

TEST_F(CasesTest, RefusesRunningPastABlockEnd) {
  expect_refused("case_block_end", Refusal::kBlockEnd);
}

TEST_F(CasesTest, SeesPcRelativeJumpTables) {
  expect_refused("case_pc_table", Refusal::kBranchTarget);
}

TEST_F(CasesTest, SeesCodePointersInData) {
  expect_refused("case_data_pointer", Refusal::kBranchTarget);
}

TEST_F(CasesTest, RefusesOverlappingWindows) {
  EXPECT_EQ(site("case_overlap", 0).status, SiteReport::Status::kRewritten);
  const auto& second = site("case_overlap", 1);
  EXPECT_EQ(second.status, SiteReport::Status::kRefused);
  // Forward it is too short (block end); the window that would fit overlaps.
  EXPECT_NE(second.detail.find("2 before: overlap"), std::string::npos) << second.detail;
}

TEST(Planner, RefusesTrampolinesOutOfReach) {
  auto image = ElfImage::load(snippet("cases"));
  auto bounds = FunctionBounds::from_symbols(image);
  auto code = CodeMap::sweep(image, bounds.starts());
  auto targets = BranchTargets::collect(image, code);
  auto sites = find_syscall_sites(image, code, targets, bounds);
  SitePlanner planner(image, code, targets, bounds, 0x400000 + (uint64_t{3} << 31));
  for (const auto& s : sites) {
    if (s.function != "case_forward") continue;
    auto plan = planner.plan(s);
    EXPECT_FALSE(plan.window.has_value());
    EXPECT_EQ(plan.reason, Refusal::kUnreachable) << plan.detail;
    return;
  }
  FAIL() << "no site in case_forward";
}

TEST_F(CasesTest, NeverRewritesSigreturn) { expect_refused("case_sigreturn", Refusal::kSigreturn); }

TEST_F(CasesTest, NumberUnknownWhenRaxIsComputed) {
  const auto& s = site("case_nr_unknown");
  EXPECT_FALSE(s.nr.has_value());
  EXPECT_EQ(s.status, SiteReport::Status::kRewritten);
}

TEST_F(CasesTest, NumberUnknownAtABranchTarget) {
  EXPECT_FALSE(site("case_branch_target").nr.has_value());  // syscall is a jump target
}

TEST(StrippedCases, FallbackBoundsStillRefuseCrossingSites) {
  auto r = rewrite_snippet("cases-stripped");
  EXPECT_FALSE(r.report.symbols);
  ASSERT_EQ(r.report.sites.size(), 18u);
  auto by = r.report.refused_by_reason();
  // Without symbols the direct-call target case_after_end is still a boundary,
  // and nothing that was refused with symbols becomes rewritable.
  auto with = rewrite_snippet("cases");
  EXPECT_LE(r.report.count(SiteReport::Status::kRewritten),
            with.report.count(SiteReport::Status::kRewritten));
  EXPECT_GE(by[Refusal::kBranchTarget] + by[Refusal::kFunctionBoundary], 3u);
}

TEST(Filters, OnlyNrAndOnlyAddr) {
  RewriteOptions o;
  o.only_nr = {102};
  auto r = rewrite_snippet("cases", o);
  EXPECT_EQ(r.report.count(SiteReport::Status::kRewritten), 1u);
  EXPECT_EQ(site_in(r.report, "case_backward")->status, SiteReport::Status::kRewritten);

  RewriteOptions a;
  a.only_addr = {site_in(r.report, "case_forward")->addr};
  auto r2 = rewrite_snippet("cases", a);
  EXPECT_EQ(r2.report.count(SiteReport::Status::kRewritten), 1u);
  EXPECT_EQ(site_in(r2.report, "case_forward")->status, SiteReport::Status::kRewritten);
  EXPECT_EQ(r2.report.count(SiteReport::Status::kSkipped), 17u);
}

TEST(Filters, NothingSelectedIsAnError) {
  RewriteOptions o;
  o.only_nr = {12345};
  EXPECT_THROW(rewrite_snippet("cases", o), InputError);
}

}  // namespace
}  // namespace sysrw::test
