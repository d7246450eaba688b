#include "pair/pairing.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "pair/statistics.hpp"

namespace iprobe {
namespace {

constexpr uint32_t kRun = 0x0000c0de;

std::string fmt(const char* format, auto... args) {
  char text[256];
  std::snprintf(text, sizeof text, format, args...);
  return text;
}

std::string header(uint32_t run, uint32_t n, const char* cmd = "0xb810") {
  return fmt("ioprobe run %08x iterations=%u warmup=2 cpu=1 variant=plain cmd=%s\n", run, n, cmd);
}
std::string user(uint32_t run, uint32_t seq, uint32_t cpu, unsigned long long tsc) {
  return fmt("ioprobe u %08x %u %u %llu\n", run, seq, cpu, tsc);
}
std::string kern(const char* source, uint32_t run, uint32_t seq, uint32_t cpu,
                 unsigned long long tsc) {
  return fmt("[  100.000001] ioprobe k %s %08x %u %u %llu\n", source, run, seq, cpu, tsc);
}
std::string total(uint32_t run, uint32_t calls) {
  return fmt(
      "ioprobe total %08x calls=%u cycles=5000 cpu_start=1 cpu_end=1 migrations=0 errors=0\n", run,
      calls);
}
std::string mark(uint32_t run) { return fmt("[  200.0] ioprobe mark %08x end\n", run); }

PairingResult pair(const std::string& user_text, const std::string& kernel_text,
                   const PairingOptions& options = {}) {
  const std::vector<LogSource> users{LogSource::text("user.log", user_text)};
  const std::vector<LogSource> kernels{LogSource::text("kernel.log", kernel_text)};
  return pair_logs(users, kernels, options);
}

// Every stamp line lands in exactly one bucket.
uint64_t buckets(const RunCounts& c) {
  return c.user_stamps + c.kernel_stamps + c.foreign + c.warmup + c.out_of_range + c.duplicate +
         c.wrong_source;
}

bool has_warning(const PairingResult& r, const std::string& part) {
  for (const std::string& w : r.warnings) {
    if (w.find(part) != std::string::npos) return true;
  }
  return false;
}

// A clean run of n calls: user tsc 1000+10*seq, kernel tsc user + 100 + seq, all on CPU 1.
struct Clean {
  std::string user_log;
  std::string kernel_log;
};
Clean clean_run(uint32_t run, uint32_t n) {
  Clean c;
  c.user_log = header(run, n) + "ioprobe floor min=18 p50=20 samples=64\n";
  for (uint32_t s = 0; s < n; ++s) {
    c.user_log += user(run, s, 1, 1000 + 10 * s);
    c.kernel_log += kern("patch", run, s, 1, 1000 + 10 * s + 100 + s);
  }
  c.user_log += total(run, n);
  c.kernel_log += mark(run);
  return c;
}

TEST(Pairing, CleanRun) {
  const Clean c = clean_run(kRun, 4);
  const PairingResult r = pair(c.user_log, c.kernel_log);
  EXPECT_EQ(r.run, kRun);
  EXPECT_EQ(r.header.iterations, 4u);
  EXPECT_EQ(r.header.variant, "plain");
  ASSERT_TRUE(r.floor.has_value());
  EXPECT_EQ(r.floor->min, 18u);
  EXPECT_EQ(r.floor->p50, 20u);
  EXPECT_EQ(r.floor->samples, 64u);
  ASSERT_TRUE(r.total.has_value());
  EXPECT_EQ(r.total->calls, 4u);
  EXPECT_EQ(r.total->cycles, 5000u);
  ASSERT_TRUE(r.source.has_value());
  EXPECT_EQ(*r.source, Probe::kPatch);
  EXPECT_TRUE(r.mark_seen);
  const RunCounts& k = r.counts;
  EXPECT_EQ(k.expected, 4u);
  EXPECT_EQ(k.paired, 4u);
  EXPECT_EQ(k.user_stamps, 4u);
  EXPECT_EQ(k.kernel_stamps, 4u);
  EXPECT_EQ(k.lost, 0u);
  EXPECT_EQ(k.missing_kernel, 0u);
  EXPECT_EQ(k.missing_user, 0u);
  EXPECT_EQ(k.rejected + k.duplicate + k.negative + k.cross_cpu + k.foreign + k.warmup +
                k.out_of_range + k.wrong_source + k.log_lost_records + k.dump_dropped,
            0u);
  EXPECT_FALSE(k.dump_incomplete);
  ASSERT_EQ(r.pairs.size(), 4u);
  for (uint32_t s = 0; s < 4; ++s) {
    EXPECT_EQ(r.pairs[s].seq, s);
    EXPECT_EQ(r.pairs[s].user_cpu, 1u);
    EXPECT_EQ(r.pairs[s].kernel_cpu, 1u);
    EXPECT_EQ(r.pairs[s].user_tsc, 1000u + 10 * s);
    EXPECT_EQ(r.pairs[s].kernel_tsc, 1100u + 11 * s);
    EXPECT_EQ(r.pairs[s].delta(), 100 + static_cast<int64_t>(s));
  }
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
}

TEST(Pairing, EarlierRunsInKernelLogAreForeign) {
  const Clean old1 = clean_run(0x11111111, 3);
  const Clean old2 = clean_run(0x22222222, 5);
  const Clean now = clean_run(kRun, 4);
  const PairingResult r = pair(now.user_log, old1.kernel_log + old2.kernel_log + now.kernel_log);
  EXPECT_EQ(r.counts.paired, 4u);
  EXPECT_EQ(r.counts.foreign, 8u);
  EXPECT_EQ(r.counts.lost, 0u);
  EXPECT_EQ(r.foreign_runs, (std::vector<uint32_t>{0x11111111, 0x22222222}));
  EXPECT_FALSE(r.foreign_runs_truncated);
  EXPECT_EQ(buckets(r.counts), 4u + 4u + 8u);
  EXPECT_TRUE(has_warning(r, "8 stamp(s) of other runs (11111111, 22222222)"));
}

TEST(Pairing, SeveralRunsInUserLogLastOneWinsUnlessRequested) {
  const Clean a = clean_run(0xaaaaaaaa, 3);
  const Clean b = clean_run(0xbbbbbbbb, 2);
  const std::string user_log = a.user_log + b.user_log;
  const std::string kernel_log = a.kernel_log + b.kernel_log;

  const PairingResult last = pair(user_log, kernel_log);
  EXPECT_EQ(last.run, 0xbbbbbbbbu);
  EXPECT_EQ(last.counts.expected, 2u);
  EXPECT_EQ(last.counts.paired, 2u);
  EXPECT_EQ(last.counts.foreign, 6u);  // 3 user + 3 kernel stamps of run a
  ASSERT_TRUE(last.total.has_value());
  EXPECT_EQ(last.total->calls, 2u);

  PairingOptions options;
  options.run = 0xaaaaaaaa;
  const PairingResult first = pair(user_log, kernel_log, options);
  EXPECT_EQ(first.run, 0xaaaaaaaau);
  EXPECT_EQ(first.counts.expected, 3u);
  EXPECT_EQ(first.counts.paired, 3u);
  EXPECT_EQ(first.counts.foreign, 4u);
  ASSERT_TRUE(first.total.has_value());
  EXPECT_EQ(first.total->calls, 3u);
  ASSERT_TRUE(first.floor.has_value());

  options.run = 0x12345678;
  try {
    pair(user_log, kernel_log, options);
    FAIL() << "expected an error for a run without header";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("for run 12345678"), std::string::npos) << e.what();
  }
}

TEST(Pairing, DuplicatesKeepTheFirstStamp) {
  std::string u = header(kRun, 3) + user(kRun, 0, 1, 100) + user(kRun, 1, 1, 200) +
                  user(kRun, 1, 1, 999) + user(kRun, 2, 1, 300);
  std::string k = kern("patch", kRun, 0, 1, 150) + kern("patch", kRun, 1, 1, 250) +
                  kern("patch", kRun, 2, 1, 350) + kern("patch", kRun, 2, 1, 1) +
                  kern("patch", kRun, 2, 1, 2);
  const PairingResult r = pair(u, k);
  EXPECT_EQ(r.counts.duplicate, 3u);
  EXPECT_EQ(r.counts.paired, 3u);
  ASSERT_EQ(r.pairs.size(), 3u);
  EXPECT_EQ(r.pairs[1].user_tsc, 200u);
  EXPECT_EQ(r.pairs[2].kernel_tsc, 350u);
  EXPECT_EQ(buckets(r.counts), 9u);
  EXPECT_TRUE(has_warning(r, "3 duplicate stamp(s)"));
}

TEST(Pairing, MissingOnEachSide) {
  // N = 5; user has 0 1 2 4, kernel has 0 2 3.
  std::string u = header(kRun, 5) + user(kRun, 0, 0, 10) + user(kRun, 1, 0, 20) +
                  user(kRun, 2, 0, 30) + user(kRun, 4, 0, 50);
  std::string k =
      kern("patch", kRun, 0, 0, 15) + kern("patch", kRun, 2, 0, 35) + kern("patch", kRun, 3, 0, 45);
  const PairingResult r = pair(u, k);
  EXPECT_EQ(r.counts.expected, 5u);
  EXPECT_EQ(r.counts.paired, 2u);
  EXPECT_EQ(r.counts.missing_kernel, 2u);
  EXPECT_EQ(r.counts.missing_user, 1u);
  EXPECT_EQ(r.counts.lost, 3u);
  EXPECT_EQ(r.counts.user_stamps, 4u);
  EXPECT_EQ(r.counts.kernel_stamps, 3u);
  ASSERT_EQ(r.pairs.size(), 2u);
  EXPECT_EQ(r.pairs[0].seq, 0u);
  EXPECT_EQ(r.pairs[1].seq, 2u);
  EXPECT_FALSE(r.mark_seen);
  EXPECT_TRUE(has_warning(
      r,
      "3 of 5 expected calls have no pair (2 without kernel stamp, 1 without user stamp, 0 "
      "without either)"));
  EXPECT_TRUE(has_warning(r, "no `ioprobe mark 0000c0de end` line"));
}

TEST(Pairing, NoKernelStampsAtAll) {
  const PairingResult r = pair(header(kRun, 3) + user(kRun, 0, 0, 1), "");
  EXPECT_EQ(r.counts.paired, 0u);
  EXPECT_EQ(r.counts.lost, 3u);
  EXPECT_EQ(r.counts.missing_kernel, 1u);
  EXPECT_TRUE(r.pairs.empty());
  EXPECT_TRUE(has_warning(r, "no call of run 0000c0de could be paired"));
}

TEST(Pairing, NegativeDeltasAreKept) {
  std::string u = header(kRun, 3) + user(kRun, 0, 2, 1000) + user(kRun, 1, 2, 1000) +
                  user(kRun, 2, 2, 18446744073709551615ull);
  std::string k = kern("patch", kRun, 0, 2, 995) + kern("patch", kRun, 1, 2, 1070) +
                  kern("patch", kRun, 2, 2, 4);  // TSC wrapped: +5
  const PairingResult r = pair(u, k);
  ASSERT_EQ(r.pairs.size(), 3u);
  EXPECT_EQ(r.pairs[0].delta(), -5);
  EXPECT_EQ(r.pairs[1].delta(), 70);
  EXPECT_EQ(r.pairs[2].delta(), 5);
  EXPECT_EQ(r.counts.negative, 1u);
  const LatencyStats stats = compute_latency_stats(same_cpu_deltas(r.pairs));
  EXPECT_EQ(stats.n, 3u);
  EXPECT_EQ(stats.min, -5);
  EXPECT_TRUE(has_warning(r, "1 pair(s) have a negative delta"));
}

TEST(Pairing, CrossCpuPairsAreCountedAndKept) {
  std::string u =
      header(kRun, 3) + user(kRun, 0, 1, 100) + user(kRun, 1, 1, 200) + user(kRun, 2, 3, 300);
  std::string k = kern("patch", kRun, 0, 1, 110) + kern("patch", kRun, 1, 2, 210) +
                  kern("patch", kRun, 2, 0, 310);
  const PairingResult r = pair(u, k);
  EXPECT_EQ(r.counts.paired, 3u);
  EXPECT_EQ(r.counts.cross_cpu, 2u);
  ASSERT_EQ(r.pairs.size(), 3u);
  EXPECT_EQ(r.pairs[1].user_cpu, 1u);
  EXPECT_EQ(r.pairs[1].kernel_cpu, 2u);
  EXPECT_EQ(same_cpu_deltas(r.pairs), (std::vector<int64_t>{10}));
  EXPECT_TRUE(has_warning(r,
                          "2 pair(s) crossed CPUs: user and kernel stamps were taken on "
                          "different CPUs; TSCs may not be comparable"));
}

TEST(Pairing, WarmupStampsAreNeverPaired) {
  const uint32_t w = 0x80000000u;
  std::string u = header(kRun, 2) + user(kRun, w | 0, 1, 1) + user(kRun, w | 1, 1, 2) +
                  user(kRun, 0, 1, 100) + user(kRun, 1, 1, 200);
  std::string k = kern("patch", kRun, w | 0, 1, 5) + kern("patch", kRun, w | 1, 1, 6) +
                  kern("patch", kRun, 0, 1, 110) + kern("patch", kRun, 1, 1, 210);
  const PairingResult r = pair(u, k);
  EXPECT_EQ(r.counts.warmup, 4u);
  EXPECT_EQ(r.counts.paired, 2u);
  EXPECT_EQ(r.counts.out_of_range, 0u);
  EXPECT_EQ(buckets(r.counts), 8u);
}

TEST(Pairing, OutOfRangeSeqs) {
  std::string u = header(kRun, 2) + user(kRun, 0, 1, 100) + user(kRun, 1, 1, 200) +
                  user(kRun, 2, 1, 300) + user(kRun, 0x7fffffff, 1, 1);
  std::string k = kern("patch", kRun, 0, 1, 110) + kern("patch", kRun, 1, 1, 210) +
                  kern("patch", kRun, 2, 1, 310);
  const PairingResult r = pair(u, k);
  EXPECT_EQ(r.counts.out_of_range, 3u);
  EXPECT_EQ(r.counts.paired, 2u);
  EXPECT_EQ(r.counts.lost, 0u);
  EXPECT_EQ(buckets(r.counts), 7u);
}

TEST(Pairing, WrongSourceFromHeaderCmd) {
  // cmd 0xb820 = IOPROBE_MOD_STAMP: module stamps are ours, patch stamps are not.
  std::string u = header(kRun, 2, "0xb820") + user(kRun, 0, 1, 100) + user(kRun, 1, 1, 200);
  std::string k = kern("patch", kRun, 0, 1, 105) + kern("module", kRun, 0, 1, 110) +
                  kern("module", kRun, 1, 1, 210) + kern("patch", kRun, 1, 1, 205);
  const PairingResult r = pair(u, k);
  ASSERT_TRUE(r.source.has_value());
  EXPECT_EQ(*r.source, Probe::kModule);
  EXPECT_EQ(r.counts.wrong_source, 2u);
  EXPECT_EQ(r.counts.paired, 2u);
  EXPECT_EQ(r.pairs[0].kernel_tsc, 110u);
  EXPECT_EQ(r.counts.duplicate, 0u);

  PairingOptions options;
  options.sources = {Probe::kPatch};
  const PairingResult forced = pair(u, k, options);
  EXPECT_EQ(forced.counts.wrong_source, 2u);
  EXPECT_EQ(forced.pairs[0].kernel_tsc, 105u);
  EXPECT_TRUE(has_warning(forced, "differs from the one the loop's cmd selects"));
}

TEST(Pairing, UnknownCmdLocksOnFirstSource) {
  std::string u = header(kRun, 2, "0x1234") + user(kRun, 0, 1, 100) + user(kRun, 1, 1, 200);
  std::string k = kern("module", kRun, 0, 1, 110) + kern("patch", kRun, 0, 1, 105) +
                  kern("module", kRun, 1, 1, 210);
  const PairingResult r = pair(u, k);
  EXPECT_EQ(*r.source, Probe::kModule);
  EXPECT_EQ(r.counts.wrong_source, 1u);
  EXPECT_EQ(r.counts.paired, 2u);
  EXPECT_TRUE(has_warning(r, "the first seen"));
}

TEST(Pairing, MalformedLinesAreRejected) {
  std::string u = header(kRun, 2) + user(kRun, 0, 1, 100) + "ioprobe u 0000c0de 1 1\n" +
                  "ioprobe u 0000c0de 1 1 99999999999999999999\n" + "unrelated output\n";
  std::string k = kern("patch", kRun, 0, 1, 110) + "[  1.0] ioprobe k patch 0000c0de 1 1\n" +
                  "[  1.0] ioprobe k kernel 0000c0de 1 1 5\n" + "[  1.0] some other message\n";
  const PairingResult r = pair(u, k);
  EXPECT_EQ(r.counts.rejected, 4u);
  EXPECT_EQ(r.counts.paired, 1u);
  EXPECT_EQ(r.counts.lost, 1u);
  EXPECT_TRUE(has_warning(r, "4 malformed ioprobe line(s) were rejected"));
}

TEST(Pairing, KmsgRecordsGapsAndContinuations) {
  std::string u =
      header(kRun, 3) + user(kRun, 0, 1, 100) + user(kRun, 1, 1, 200) + user(kRun, 2, 1, 300);
  std::string k =
      "6,10,1000,-;ioprobe k patch 0000c0de 0 1 110\n"
      " SUBSYSTEM=misc\n"
      " DEVICE=c10:123\n"
      "6,11,1001,-;unrelated\n"
      "6,14,1002,-;ioprobe k patch 0000c0de 2 1 310\n"  // 12, 13 lost (seq 1's stamp among them)
      "6,15,1003,c;ioprobe mark 0000c0de end\n";
  const PairingResult r = pair(u, k);
  EXPECT_EQ(r.counts.log_lost_records, 2u);
  EXPECT_EQ(r.counts.paired, 2u);
  EXPECT_EQ(r.counts.missing_kernel, 1u);
  EXPECT_EQ(r.counts.rejected, 0u);
  EXPECT_TRUE(r.mark_seen);
  EXPECT_TRUE(has_warning(r, "2 /dev/kmsg record(s) were lost in kernel log 'kernel.log'"));
}

TEST(Pairing, KmsgGapsAreCountedPerFile) {
  std::string u = header(kRun, 1) + user(kRun, 0, 1, 100);
  const std::vector<LogSource> users{LogSource::text("u", u)};
  const std::vector<LogSource> kernels{
      LogSource::text("k1", "6,1,0,-;a\n6,5,0,-;b\n"),                        // 3 lost
      LogSource::text("k2", "6,100,0,-;ioprobe k patch 0000c0de 0 1 110\n"),  // new capture
  };
  const PairingResult r = pair_logs(users, kernels);
  EXPECT_EQ(r.counts.log_lost_records, 3u);
  EXPECT_EQ(r.counts.paired, 1u);
}

std::string dump_begin(const char* src, uint32_t entries, uint64_t dropped) {
  return fmt("ioprobe dump-begin %s entries=%u dropped=%llu capacity=1048576\n", src, entries,
             static_cast<unsigned long long>(dropped));
}
std::string dump_end(const char* src, uint32_t entries) {
  return fmt("ioprobe dump-end %s entries=%u\n", src, entries);
}

TEST(Pairing, CompleteDumpWithDropped) {
  std::string u =
      header(kRun, 3) + user(kRun, 0, 1, 100) + user(kRun, 1, 1, 200) + user(kRun, 2, 1, 300);
  std::string k = dump_begin("patch", 2, 1) + kern("patch", kRun, 0, 1, 110) +
                  kern("patch", kRun, 1, 1, 210) + dump_end("patch", 2);
  const PairingResult r = pair(u, k);
  EXPECT_EQ(r.counts.dump_dropped, 1u);
  EXPECT_FALSE(r.counts.dump_incomplete);
  EXPECT_EQ(r.counts.paired, 2u);
  EXPECT_EQ(r.counts.missing_kernel, 1u);
  EXPECT_TRUE(has_warning(r, "the kernel buffer was full for 1 STAMP call(s)"));
}

TEST(Pairing, DumpWithoutEndIsIncomplete) {
  std::string u = header(kRun, 2) + user(kRun, 0, 1, 100) + user(kRun, 1, 1, 200);
  std::string k = dump_begin("patch", 2, 0) + kern("patch", kRun, 0, 1, 110);
  const PairingResult r = pair(u, k);
  EXPECT_TRUE(r.counts.dump_incomplete);
  EXPECT_EQ(r.counts.dump_dropped, 0u);
  EXPECT_EQ(r.counts.paired, 1u);
  EXPECT_TRUE(has_warning(r, "has no dump-end"));
}

TEST(Pairing, DumpEntryCountMismatchIsIncomplete) {
  std::string u = header(kRun, 2) + user(kRun, 0, 1, 100) + user(kRun, 1, 1, 200);
  // Announces 3 entries, holds 2 stamp lines.
  std::string k = dump_begin("patch", 3, 4) + kern("patch", kRun, 0, 1, 110) +
                  kern("patch", kRun, 1, 1, 210) + dump_end("patch", 3);
  const PairingResult r = pair(u, k);
  EXPECT_TRUE(r.counts.dump_incomplete);
  EXPECT_EQ(r.counts.dump_dropped, 4u);
  EXPECT_EQ(r.counts.paired, 2u);
  EXPECT_TRUE(has_warning(r, "announced 3 entries, dump-end says 3, and 2 stamp lines"));
}

TEST(Pairing, MalformedStampInsideDumpStillCountsAsEntry) {
  std::string u = header(kRun, 2) + user(kRun, 0, 1, 100) + user(kRun, 1, 1, 200);
  std::string k = dump_begin("patch", 2, 0) + kern("patch", kRun, 0, 1, 110) +
                  "ioprobe k patch 0000c0de 1 1 x\n" + dump_end("patch", 2);
  const PairingResult r = pair(u, k);
  EXPECT_FALSE(r.counts.dump_incomplete);
  EXPECT_EQ(r.counts.rejected, 1u);
  EXPECT_EQ(r.counts.paired, 1u);
}

TEST(Pairing, DumpOfTheOtherProbeIsNotOurs) {
  std::string u = header(kRun, 1) + user(kRun, 0, 1, 100);
  std::string k = dump_begin("module", 5, 7) + dump_begin("patch", 1, 2) +
                  kern("patch", kRun, 0, 1, 110) + dump_end("patch", 1);
  const PairingResult r = pair(u, k);
  // The module dump lacks its end, but it is not the probe we pair with.
  EXPECT_FALSE(r.counts.dump_incomplete);
  EXPECT_EQ(r.counts.dump_dropped, 2u);
  EXPECT_EQ(r.counts.paired, 1u);
}

// A HermiTux overflow used to be reported as 0 dropped (only patch and module dumps
// were summed).
TEST(Pairing, HermituxDumpDroppedIsCounted) {
  std::string u = header(kRun, 3, "0xb830") + user(kRun, 0, 1, 100) + user(kRun, 1, 1, 200) +
                  user(kRun, 2, 1, 300);
  std::string k = dump_begin("hermitux", 2, 1) + kern("hermitux", kRun, 0, 1, 110) +
                  kern("hermitux", kRun, 1, 1, 210) + dump_end("hermitux", 2);
  const PairingResult r = pair(u, k);
  EXPECT_EQ(r.counts.dump_dropped, 1u);
  EXPECT_FALSE(r.counts.dump_incomplete);
  EXPECT_EQ(r.counts.paired, 2u);
  EXPECT_TRUE(has_warning(r, "the kernel buffer was full for 1 STAMP call(s)"));
}

TEST(Pairing, DumpEndWithoutBeginIsIncomplete) {
  std::string u = header(kRun, 1) + user(kRun, 0, 1, 100);
  std::string k = kern("patch", kRun, 0, 1, 110) + dump_end("patch", 1);
  const PairingResult r = pair(u, k);
  EXPECT_TRUE(r.counts.dump_incomplete);
}

TEST(Pairing, SerialCaptureAsBothLogs) {
  // One console capture holds both sides; malformed lines must be counted once.
  std::string serial = "\x1b[0mbooting...\r\n" + header(kRun, 2, "0xb820") + user(kRun, 0, 0, 100) +
                       user(kRun, 1, 0, 200) + kern("module", kRun, 0, 0, 140) +
                       "noise ioprobe k module 0000c0de 1 0\r\n" + kern("module", kRun, 1, 0, 240) +
                       total(kRun, 2);
  const std::vector<LogSource> logs{LogSource::text("serial.log", serial)};
  const PairingResult r = pair_logs(logs, logs);
  EXPECT_EQ(r.counts.paired, 2u);
  EXPECT_EQ(r.counts.rejected, 1u);
  EXPECT_EQ(r.pairs[1].delta(), 40);
  EXPECT_FALSE(has_warning(r, "ignored; pass it"));
}

TEST(Pairing, KernelLinesInUserLogAreReported) {
  std::string u = header(kRun, 1) + user(kRun, 0, 0, 100) + kern("patch", kRun, 0, 0, 150);
  const PairingResult r = pair(u, "");
  EXPECT_EQ(r.counts.paired, 0u);
  EXPECT_TRUE(has_warning(r, "holds 1 kernel stamp line(s) that were ignored"));
}

TEST(Pairing, OverlongTaggedLineIsRejected) {
  std::string u = header(kRun, 1) + user(kRun, 0, 0, 100);
  std::string k = kern("patch", kRun, 0, 0, 150) + "ioprobe k " + std::string(5000, '1') + "\n" +
                  std::string(5000, 'x') + "\n";
  const PairingResult r = pair(u, k);
  EXPECT_EQ(r.counts.rejected, 1u);
  EXPECT_EQ(r.overlong_lines, 2u);
  EXPECT_EQ(r.counts.paired, 1u);
}

TEST(Pairing, TotalLineAnomaliesAreWarned) {
  std::string u = header(kRun, 1) + user(kRun, 0, 0, 100) +
                  "ioprobe total 0000c0de calls=3 cycles=10 cpu_start=0 cpu_end=2 migrations=1 "
                  "errors=2\n";
  const PairingResult r = pair(u, kern("patch", kRun, 0, 0, 150));
  EXPECT_TRUE(has_warning(r, "reports 3 calls but run 0000c0de announced 1 iterations"));
  EXPECT_TRUE(has_warning(r, "2 failed ioctl call(s)"));
  EXPECT_TRUE(has_warning(r, "migrated between CPUs 1 time(s)"));
}

TEST(Pairing, UserLogWithoutHeaderIsAnError) {
  try {
    pair(user(kRun, 0, 0, 1) + "ioprobe run 0000c0de iterations=x warmup=0 cpu=0 variant=a cmd=0\n",
         "");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("'user.log' hold no `ioprobe run` header"), std::string::npos) << what;
    EXPECT_NE(what.find("1 malformed run header line(s)"), std::string::npos) << what;
  }
}

TEST(Pairing, RefusesHugeIterationCounts) {
  PairingOptions options;
  options.max_iterations = 10;
  EXPECT_THROW(pair(header(kRun, 11), "", options), std::runtime_error);
  try {
    pair(header(kRun, 100000001), "");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("refuses more than 100000000"), std::string::npos)
        << e.what();
  }
}

TEST(Pairing, ForeignRunIdsAreCapped) {
  std::string u = header(kRun, 1) + user(kRun, 0, 0, 100);
  std::string k;
  for (uint32_t run = 1; run <= 5; ++run) k += kern("patch", run, 0, 0, 1);
  PairingOptions options;
  options.max_foreign_runs = 3;
  const PairingResult r = pair(u, k, options);
  EXPECT_EQ(r.counts.foreign, 5u);
  EXPECT_EQ(r.foreign_runs, (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_TRUE(r.foreign_runs_truncated);
}

// The user and kernel logs are read at the same time; the foreign run ids kept are still the
// first distinct ones in reading order (user logs first), and the cap is still exact.
TEST(Pairing, ForeignRunIdsOfBothSidesKeepTheReadingOrder) {
  std::string u = header(kRun, 1) + user(kRun, 0, 0, 100);
  for (const uint32_t run : {9u, 4u, 9u}) u += user(run, 0, 0, 1);
  std::string k;
  for (const uint32_t run : {4u, 2u, 7u, 1u}) k += kern("patch", run, 0, 0, 1);
  PairingOptions options;
  options.max_foreign_runs = 3;
  PairingResult r = pair(u, k, options);
  EXPECT_EQ(r.counts.foreign, 7u);
  EXPECT_EQ(r.foreign_runs, (std::vector<uint32_t>{2, 4, 9}));  // 9, 4 (user), then 2
  EXPECT_TRUE(r.foreign_runs_truncated);
  options.max_foreign_runs = 5;
  r = pair(u, k, options);
  EXPECT_EQ(r.foreign_runs, (std::vector<uint32_t>{1, 2, 4, 7, 9}));
  EXPECT_FALSE(r.foreign_runs_truncated);
  options.max_foreign_runs = 2;  // the user side alone fills the cap
  r = pair(u, k, options);
  EXPECT_EQ(r.foreign_runs, (std::vector<uint32_t>{4, 9}));
  EXPECT_TRUE(r.foreign_runs_truncated);
}

// Warnings of the user logs come before those of the kernel logs, as when read one by one.
TEST(Pairing, WarningsOfBothSidesKeepTheReadingOrder) {
  const std::string u = header(kRun, 1) + user(kRun, 0, 1, 100) + kern("patch", kRun, 0, 1, 150);
  const std::string k = kern("patch", kRun, 0, 1, 150) + header(kRun, 1);
  const PairingResult r = pair(u, k);
  std::size_t user_warning = r.warnings.size();
  std::size_t kernel_warning = r.warnings.size();
  for (std::size_t i = 0; i < r.warnings.size(); ++i) {
    if (r.warnings[i].starts_with("user log 'user.log' holds 1 kernel stamp")) user_warning = i;
    if (r.warnings[i].starts_with("kernel log 'kernel.log' holds 1 user-side")) kernel_warning = i;
  }
  ASSERT_LT(user_warning, r.warnings.size());
  ASSERT_LT(kernel_warning, r.warnings.size());
  EXPECT_LT(user_warning, kernel_warning);
  EXPECT_EQ(r.counts.paired, 1u);
}

TEST(PairFiles, MissingFileIsNamed) {
  try {
    pair_files({"/nonexistent/user.log"}, {});
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("user log '/nonexistent/user.log': cannot open"), std::string::npos)
        << what;
  }
}

TEST(PairFiles, UnopenableKernelLogIsReportedBeforeContentErrors) {
  try {
    pair_files({"/dev/null"}, {"/nonexistent/kernel.log"});
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "kernel log '/nonexistent/kernel.log': cannot open: No such file or directory");
  }
}

TEST(PairFiles, DirectoryIsNotALog) { EXPECT_THROW(pair_files({"/tmp"}, {}), std::runtime_error); }

TEST(PairFiles, DmesgTextFixture) {
  const std::string dir = IPROBE_FIXTURE_DIR;
  const PairingResult r = pair_files({dir + "/loop_stdout.txt"}, {dir + "/dmesg_text.txt"});
  EXPECT_EQ(r.run, 0x5eed0001u);
  EXPECT_EQ(r.counts.expected, 5u);
  EXPECT_EQ(r.counts.paired, 4u);
  EXPECT_EQ(r.counts.missing_kernel, 1u);
  EXPECT_EQ(r.counts.foreign, 2u);
  EXPECT_EQ(r.counts.warmup, 4u);
  EXPECT_EQ(r.counts.negative, 1u);
  EXPECT_EQ(r.counts.cross_cpu, 1u);
  EXPECT_EQ(r.counts.rejected, 1u);
  EXPECT_TRUE(r.mark_seen);
  ASSERT_TRUE(r.floor.has_value());
  EXPECT_EQ(r.floor->min, 24u);
}

TEST(PairFiles, RawKmsgFixture) {
  const std::string dir = IPROBE_FIXTURE_DIR;
  const PairingResult r = pair_files({dir + "/loop_stdout.txt"}, {dir + "/kmsg_raw.txt"});
  EXPECT_EQ(r.counts.paired, 3u);
  EXPECT_EQ(r.counts.log_lost_records, 2u);
  EXPECT_EQ(r.counts.missing_kernel, 2u);
  EXPECT_EQ(r.counts.foreign, 1u);
  EXPECT_EQ(r.counts.rejected, 0u);
  EXPECT_TRUE(r.mark_seen);
}

}  // namespace
}  // namespace iprobe
