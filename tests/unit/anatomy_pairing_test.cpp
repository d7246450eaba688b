// Pairing of format-2 logs (exit stamps): the anatomy of each call, order violations,
// format-1 and format-2 lines mixed, and cross-check runs with a second probe.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "pair/anatomy.hpp"
#include "pair/pairing.hpp"
#include "pair/pairing_warnings.hpp"

namespace iprobe {
namespace {

constexpr uint32_t kRun = 0x00a7a7a7;

std::string fmt(const char* format, auto... args) {
  char text[256];
  std::snprintf(text, sizeof text, format, args...);
  return text;
}

// A format-2 loop header for n calls of the patch probe (cmd 0xb810).
std::string header(uint32_t n) {
  return fmt("ioprobe run %08x iterations=%u warmup=1 cpu=1 variant=raw cmd=0xb810 format=2\n",
             kRun, n);
}
std::string user2(uint32_t seq, unsigned long long before, unsigned long long after) {
  return fmt("ioprobe u %08x %u 1 %llu %llu\n", kRun, seq, before, after);
}
std::string user1(uint32_t seq, unsigned long long before) {
  return fmt("ioprobe u %08x %u 1 %llu\n", kRun, seq, before);
}
std::string kern2(const char* source, uint32_t seq, unsigned long long enter,
                  unsigned long long exit, uint32_t cpu = 1) {
  return fmt("[  100.000001] ioprobe k %s %08x %u %u %llu %llu\n", source, kRun, seq, cpu, enter,
             exit);
}
std::string kern1(const char* source, uint32_t seq, unsigned long long enter) {
  return fmt("[  100.000001] ioprobe k %s %08x %u 1 %llu\n", source, kRun, seq, enter);
}

PairingResult pair(const std::string& user_text, const std::string& kernel_text,
                   std::vector<Probe> sources = {}) {
  const std::vector<LogSource> users{LogSource::text("user.log", user_text)};
  const std::vector<LogSource> kernels{LogSource::text("kernel.log", kernel_text)};
  PairingOptions options;
  options.sources = std::move(sources);
  return pair_logs(users, kernels, options);
}

// Call s of a clean format-2 run: u_before 10000*s, entry 100+s, kernel 50, exit 200.
struct CleanCall {
  uint64_t before;
  uint64_t enter;
  uint64_t exit;
  uint64_t after;
};
CleanCall clean_call(uint32_t s) {
  const uint64_t before = 10000ULL * (s + 1);
  return {before, before + 100 + s, before + 150 + s, before + 350 + s};
}

TEST(AnatomyPairing, FormatTwoRunSplitsEveryCall) {
  std::string u = header(4);
  std::string k;
  for (uint32_t s = 0; s < 4; ++s) {
    const CleanCall c = clean_call(s);
    u += user2(s, c.before, c.after);
    k += kern2("patch", s, c.enter, c.exit);
  }
  const PairingResult r = pair(u, k);
  EXPECT_EQ(r.header.format, 2u);
  ASSERT_EQ(r.counts.paired, 4u);
  EXPECT_EQ(r.counts.order_violations, 0u);
  EXPECT_EQ(r.probes, std::vector<Probe>{Probe::kPatch});
  EXPECT_TRUE(r.extra_probes.empty());
  const std::optional<CallAnatomy> a = call_anatomy(r.pairs[2]);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->entry, 102);
  EXPECT_EQ(a->kernel, 50);
  EXPECT_EQ(a->exit, 200);
  EXPECT_EQ(a->round_trip, 352);
  const std::optional<AnatomyStats> stats = anatomy_stats(r.pairs);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->entry.n, 4u);
  EXPECT_EQ(stats->entry.min, 100);
  EXPECT_EQ(stats->entry.max, 103);
  EXPECT_EQ(stats->kernel.p50, 50);
  EXPECT_EQ(stats->exit.p99, 200);
  EXPECT_DOUBLE_EQ(stats->round_trip.mean, 351.5);
  EXPECT_FALSE(strict_violation(r));
}

TEST(AnatomyPairing, MixedFormatsPairAlikeButOnlyCompleteCallsHaveAnAnatomy) {
  std::string u = header(4);
  std::string k;
  for (uint32_t s = 0; s < 4; ++s) {
    const CleanCall c = clean_call(s);
    u += s == 1 ? user1(s, c.before) : user2(s, c.before, c.after);
    k += s == 2 ? kern1("patch", s, c.enter) : kern2("patch", s, c.enter, c.exit);
  }
  const PairingResult r = pair(u, k);
  EXPECT_EQ(r.counts.paired, 4u);
  EXPECT_EQ(r.counts.rejected, 0u);
  EXPECT_FALSE(r.pairs[1].user_after());
  EXPECT_TRUE(r.pairs[1].kernel_exit());
  EXPECT_TRUE(r.pairs[2].user_after());
  EXPECT_FALSE(r.pairs[2].kernel_exit());
  EXPECT_FALSE(call_anatomy(r.pairs[1]));
  EXPECT_FALSE(call_anatomy(r.pairs[2]));
  const std::optional<AnatomyStats> stats = anatomy_stats(r.pairs);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->round_trip.n, 2u);
  EXPECT_EQ(stats->entry.min, 100);
  EXPECT_EQ(stats->entry.max, 103);
}

TEST(AnatomyPairing, FormatOneRunHasNoAnatomy) {
  std::string u =
      fmt("ioprobe run %08x iterations=2 warmup=0 cpu=1 variant=raw cmd=0xb810\n", kRun);
  const std::string k = kern1("patch", 0, 150) + kern1("patch", 1, 260);
  u += user1(0, 100) + user1(1, 200);
  const PairingResult r = pair(u, k);
  EXPECT_EQ(r.header.format, 1u);
  EXPECT_EQ(r.counts.paired, 2u);
  EXPECT_EQ(r.counts.order_violations, 0u);
  EXPECT_FALSE(anatomy_stats(r.pairs));
}

TEST(AnatomyPairing, OrderViolationsAreCountedAndKept) {
  std::string u = header(4);
  std::string k;
  u += user2(0, 1000, 1400) + user2(1, 2000, 2400) + user2(2, 3000, 3400) + user2(3, 4000, 4400);
  k += kern2("patch", 0, 1100, 1200);  // in order
  k += kern2("patch", 1, 2100, 2050);  // exit before enter: negative kernel part
  k += kern2("patch", 2, 3100, 3500);  // exit after u_after: negative exit part
  k += kern2("patch", 3, 3900, 4000);  // enter before u_before: negative entry part
  const PairingResult r = pair(u, k);
  EXPECT_EQ(r.counts.paired, 4u);
  EXPECT_EQ(r.counts.order_violations, 3u);
  EXPECT_EQ(r.counts.negative, 1u);
  const std::optional<AnatomyStats> stats = anatomy_stats(r.pairs);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->entry.n, 4u);
  EXPECT_EQ(stats->kernel.min, -50);
  EXPECT_EQ(stats->exit.min, -100);
  EXPECT_EQ(stats->entry.min, -100);
  // The parts still add up to the round trip, call by call.
  for (const Pair& p : r.pairs) {
    const CallAnatomy a = *call_anatomy(p);
    EXPECT_EQ(a.entry + a.kernel + a.exit, a.round_trip);
    EXPECT_EQ(a.round_trip, 400);
  }
  bool warned = false;
  for (const std::string& w : r.warnings) warned = warned || w.find("3 call(s) break") == 0;
  EXPECT_TRUE(warned);
  EXPECT_FALSE(strict_violation(r));  // a measurement result, not a log anomaly
}

TEST(AnatomyPairing, CrossCheckWithTheTracepoint) {
  std::string u = header(5);
  std::string k;
  for (uint32_t s = 0; s < 5; ++s) {
    const CleanCall c = clean_call(s);
    u += user2(s, c.before, c.after);
    k += kern2("patch", s, c.enter, c.exit);
    // The tracepoint fires 30 cycles before the patch's entry stamp and 40 after its exit stamp;
    // call 3's exit event comes after the loop's after-stamp: a cross-check violation.
    k += kern2("tracepoint", s, c.enter - 30, s == 3 ? c.after + 5 : c.exit + 40);
  }
  k += kern2("module", 0, 1, 2);  // a probe not in the run
  const PairingResult r = pair(u, k, {Probe::kPatch, Probe::kTracepoint});
  EXPECT_EQ(r.counts.paired, 5u);
  EXPECT_EQ(r.counts.kernel_stamps, 5u);
  EXPECT_EQ(r.counts.wrong_source, 1u);
  EXPECT_EQ(r.counts.order_violations, 0u);
  EXPECT_EQ(r.probes, (std::vector<Probe>{Probe::kPatch, Probe::kTracepoint}));
  ASSERT_EQ(r.extra_probes.size(), 1u);
  const ExtraProbe& tp = r.extra_probes[0];
  EXPECT_EQ(tp.source, Probe::kTracepoint);
  EXPECT_EQ(tp.counts.paired, 5u);
  EXPECT_EQ(tp.counts.lost, 0u);
  EXPECT_EQ(tp.counts.missing, 0u);
  EXPECT_EQ(tp.counts.order_violations, 1u);
  // Every stamp line lands in one bucket: the extra probe's own stamps in its counts.
  EXPECT_EQ(r.counts.user_stamps + r.counts.kernel_stamps + r.counts.wrong_source +
                tp.counts.kernel_stamps,
            16u);
  ASSERT_EQ(tp.at_pair.size(), 5u);
  EXPECT_EQ(tp.at_pair[0]->enter, clean_call(0).enter - 30);
  const CrossCheckGaps gaps = cross_check_gaps(r.pairs, tp);
  EXPECT_EQ(gaps.enter_gap.n, 5u);
  EXPECT_EQ(gaps.enter_gap.min, 30);
  EXPECT_EQ(gaps.enter_gap.max, 30);
  EXPECT_EQ(gaps.exit_gap.n, 5u);
  EXPECT_EQ(gaps.exit_gap.p50, 40);
  EXPECT_EQ(gaps.exit_gap.max, 200 + 5);  // call 3: u_after + 5 - P_exit
}

TEST(AnatomyPairing, ExtraProbeMissingForSomeCalls) {
  std::string u = header(6);
  std::string k;
  for (uint32_t s = 0; s < 6; ++s) {
    const CleanCall c = clean_call(s);
    if (s != 5) u += user2(s, c.before, c.after);
    if (s != 4) k += kern2("patch", s, c.enter, c.exit);
    if (s != 1 && s != 2) k += kern2("tracepoint", s, c.enter - 10, c.exit + 10, s == 3 ? 0 : 1);
  }
  const PairingResult r = pair(u, k, {Probe::kPatch, Probe::kTracepoint});
  // The primary's accounting is that of a single-probe run.
  EXPECT_EQ(r.counts.paired, 4u);
  EXPECT_EQ(r.counts.missing_kernel, 1u);
  EXPECT_EQ(r.counts.missing_user, 1u);
  ASSERT_EQ(r.extra_probes.size(), 1u);
  const ProbeCounts& tp = r.extra_probes[0].counts;
  EXPECT_EQ(tp.kernel_stamps, 4u);  // seqs 0, 3, 4, 5
  EXPECT_EQ(tp.paired, 3u);         // 0, 3, 4 have a user stamp
  EXPECT_EQ(tp.lost, 3u);
  EXPECT_EQ(tp.missing, 2u);       // 1, 2
  EXPECT_EQ(tp.missing_user, 1u);  // 5
  const auto& at_pair = r.extra_probes[0].at_pair;
  ASSERT_EQ(at_pair.size(), 4u);  // pairs 0, 1, 2, 3
  EXPECT_TRUE(at_pair[0]);
  EXPECT_FALSE(at_pair[1]);
  EXPECT_FALSE(at_pair[2]);
  EXPECT_TRUE(at_pair[3]);
  // Call 3's tracepoint event was on another CPU: left out of the gaps.
  EXPECT_EQ(cross_check_gaps(r.pairs, r.extra_probes[0]).enter_gap.n, 1u);
  EXPECT_EQ(*strict_violation(r),
            "2 of 6 calls of run 00a7a7a7 unpaired (1 without kernel stamp, "
            "1 without user stamp)");
}

TEST(AnatomyPairing, ExtraProbeLossIsAStrictViolation) {
  std::string u = header(2);
  std::string k;
  for (uint32_t s = 0; s < 2; ++s) {
    const CleanCall c = clean_call(s);
    u += user2(s, c.before, c.after);
    k += kern2("module", s, c.enter, c.exit);
  }
  k += kern2("tracepoint", 0, clean_call(0).enter - 1, clean_call(0).exit + 1);
  const PairingResult r = pair(u, k, {Probe::kModule, Probe::kTracepoint});
  EXPECT_EQ(r.counts.paired, 2u);
  EXPECT_EQ(r.counts.wrong_source, 0u);
  EXPECT_EQ(*strict_violation(r), "1 call(s) without a tracepoint stamp");
}

TEST(AnatomyPairing, DuplicateExitLinesKeepTheFirst) {
  std::string u = header(2);
  std::string k;
  u += user2(0, 1000, 1400) + user2(1, 2000, 2400);
  k += kern2("patch", 0, 1100, 1200) + kern2("patch", 0, 1100, 1300);
  k += kern2("patch", 1, 2100, 2200);
  k += kern2("tracepoint", 1, 2090, 2210) + kern2("tracepoint", 1, 2090, 2390);
  const PairingResult r = pair(u, k, {Probe::kPatch, Probe::kTracepoint});
  EXPECT_EQ(r.counts.duplicate, 2u);
  EXPECT_EQ(r.counts.paired, 2u);
  EXPECT_EQ(r.pairs[0].kernel_exit(), 1200u);
  ASSERT_EQ(r.extra_probes.size(), 1u);
  EXPECT_EQ(r.extra_probes[0].counts.duplicate, 1u);
  EXPECT_EQ(r.extra_probes[0].at_pair[1]->exit, 2210u);
}

TEST(AnatomyPairing, TracepointAloneIsAPrimaryProbe) {
  std::string u = header(2);
  std::string k;
  u += user2(0, 1000, 1400) + user2(1, 2000, 2400);
  k += kern2("tracepoint", 0, 1050, 1350) + kern2("tracepoint", 1, 2050, 2350);
  k += kern2("patch", 0, 1100, 1200);
  const PairingResult r = pair(u, k, {Probe::kTracepoint});
  EXPECT_EQ(r.source, Probe::kTracepoint);
  EXPECT_EQ(r.counts.paired, 2u);
  EXPECT_EQ(r.counts.wrong_source, 1u);
  EXPECT_TRUE(r.extra_probes.empty());
  EXPECT_EQ(anatomy_stats(r.pairs)->kernel.p50, 300);
}

TEST(Anatomy, ChainPutsTheTracepointOutside) {
  Pair p;
  p.user_tsc = 100;
  p.kernel_tsc = 200;
  p.set_kernel_exit(300);
  p.set_user_after(400);
  p.kernel_cpu = 1;
  const ProbeCall outside{1, 150, 350};
  const ProbeCall inside{1, 250, 280};
  EXPECT_EQ(cross_check_chain_holds(p, Probe::kPatch, Probe::kTracepoint, outside), true);
  EXPECT_EQ(cross_check_chain_holds(p, Probe::kPatch, Probe::kTracepoint, inside), false);
  // Named the other way round (tracepoint primary), the patch is the inner probe.
  EXPECT_EQ(cross_check_chain_holds(p, Probe::kTracepoint, Probe::kPatch, inside), true);
  EXPECT_EQ(cross_check_chain_holds(p, Probe::kTracepoint, Probe::kPatch, outside), false);
  EXPECT_FALSE(
      cross_check_chain_holds(p, Probe::kPatch, Probe::kTracepoint, ProbeCall{1, 150, {}}));
}

TEST(Anatomy, PartsAreModularAndSigned) {
  Pair p;
  p.user_tsc = UINT64_MAX - 9;  // the TSC wraps inside the call
  p.kernel_tsc = 5;
  p.set_kernel_exit(20);
  p.set_user_after(40);
  const CallAnatomy a = *call_anatomy(p);
  EXPECT_EQ(a.entry, 15);
  EXPECT_EQ(a.kernel, 15);
  EXPECT_EQ(a.exit, 20);
  EXPECT_EQ(a.round_trip, 50);
  EXPECT_TRUE(in_order(a));
}

}  // namespace
}  // namespace iprobe
