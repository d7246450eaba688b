// The anatomy in the results (stamp format 2): summary.json's anatomy, order_violations, probes and
// cross_check written and read back, the printed table's anatomy block, and a summary.json
// without them (written before stamp format 2) still loading.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "benchmarks/entry/entry_results.hpp"
#include "export/exporters.hpp"
#include "results/json_file.hpp"

namespace iprobe {
namespace {

std::string line(const char* format, auto... args) {
  char text[160];
  std::snprintf(text, sizeof text, format, args...);
  return text;
}

// Four calls of a format-2 module run cross-checked by the tracepoint: call s has entry 100+s,
// kernel 60, exit 240; the tracepoint fires 20 cycles outside the module's stamps, except call 3
// whose tracepoint exit comes after u_after, and it misses call 2.
PairingResult cross_checked_run() {
  std::string user =
      "ioprobe run 0000beef iterations=4 warmup=0 cpu=0 variant=raw cmd=0xb820 "
      "format=2\n";
  std::string kernel;
  for (unsigned s = 0; s < 4; ++s) {
    const unsigned long long b = 100000ULL * (s + 1);
    user += line("ioprobe u 0000beef %u 0 %llu %llu\n", s, b, b + 400 + s);
    kernel += line("ioprobe k module 0000beef %u 0 %llu %llu\n", s, b + 100 + s, b + 160 + s);
    if (s == 2) continue;
    kernel += line("ioprobe k tracepoint 0000beef %u 0 %llu %llu\n", s, b + 80 + s,
                   s == 3 ? b + 410 : b + 180 + s);
  }
  const std::vector<LogSource> users{LogSource::text("user.log", user)};
  const std::vector<LogSource> kernels{LogSource::text("kernel.log", kernel)};
  PairingOptions options;
  options.sources = {Probe::kModule, Probe::kTracepoint};
  return pair_logs(users, kernels, options);
}

// The results of the run, as a live run makes them.
Results summarized(std::optional<Mode> mode = std::nullopt) {
  Results r;
  std::unique_ptr<EntryResults> kind = entry_results(cross_checked_run(), r.header);
  kind->summary.mode = mode;
  r.kind = std::move(kind);
  return r;
}

const EntrySummary& summary_of(const Results& r) {
  return dynamic_cast<const EntryResults&>(*r.kind).summary;
}

std::string json_text(const Results& r) {
  std::ostringstream out;
  write_json(out, summary_json(r));
  return out.str();
}

std::string table_of(const Results& r) {
  std::ostringstream out;
  r.kind->print_table(out, r.header);
  return out.str();
}

void expect_same(const LatencyStats& a, const LatencyStats& b) {
  EXPECT_EQ(a.n, b.n);
  EXPECT_EQ(a.min, b.min);
  EXPECT_EQ(a.p50, b.p50);
  EXPECT_DOUBLE_EQ(a.mean, b.mean);
  EXPECT_EQ(a.p99, b.p99);
  EXPECT_EQ(a.max, b.max);
  EXPECT_DOUBLE_EQ(a.stddev, b.stddev);
}

TEST(AnatomyReport, SummaryHoldsAnatomyAndCrossCheck) {
  const Results r = summarized();
  const EntrySummary& s = summary_of(r);
  EXPECT_EQ(s.probes, (std::vector<Probe>{Probe::kModule, Probe::kTracepoint}));
  ASSERT_TRUE(s.anatomy);
  EXPECT_EQ(s.anatomy->entry.min, 100);
  EXPECT_EQ(s.anatomy->entry.max, 103);
  EXPECT_EQ(s.anatomy->kernel.p50, 60);
  EXPECT_EQ(s.anatomy->exit.p50, 240);
  EXPECT_EQ(s.anatomy->round_trip.n, 4u);
  EXPECT_EQ(s.counts.order_violations, 0u);
  ASSERT_EQ(s.cross_check.size(), 1u);
  const CrossCheckSummary& c = s.cross_check[0];
  EXPECT_EQ(c.probe, Probe::kTracepoint);
  EXPECT_EQ(c.paired, 3u);
  EXPECT_EQ(c.lost, 1u);
  EXPECT_EQ(c.missing, 1u);
  EXPECT_EQ(c.order_violations, 1u);
  EXPECT_EQ(c.enter_gap.n, 3u);
  EXPECT_EQ(c.enter_gap.min, 20);
  EXPECT_EQ(c.enter_gap.max, 20);
  EXPECT_EQ(c.exit_gap.p50, 20);
  EXPECT_EQ(c.exit_gap.max, 410 - 163);
}

TEST(AnatomyReport, JsonRoundTrip) {
  const Results r = summarized(Mode::kBuffer);
  const EntrySummary& s = summary_of(r);
  const std::string text = json_text(r);
  EXPECT_NE(text.find("\"probes\": [\n    \"module\",\n    \"tracepoint\"\n  ]"), std::string::npos)
      << text;
  EXPECT_NE(text.find("\"order_violations\": 0"), std::string::npos);
  EXPECT_NE(text.find("\"anatomy\": {\n    \"entry\": {\n      \"n\": 4,"), std::string::npos);
  EXPECT_NE(text.find("\"cross_check\": {\n    \"tracepoint\": {\n      \"paired\": 3,"),
            std::string::npos);
  Results read;
  read.header = r.header;
  auto kind = std::make_unique<EntryResults>();
  kind->summary = read_entry_summary_json(nlohmann::ordered_json::parse(text), read.header);
  const EntrySummary& back = kind->summary;
  read.kind = std::move(kind);
  EXPECT_EQ(back.probes, s.probes);
  EXPECT_EQ(back.counts.order_violations, s.counts.order_violations);
  ASSERT_TRUE(back.anatomy);
  expect_same(back.anatomy->entry, s.anatomy->entry);
  expect_same(back.anatomy->kernel, s.anatomy->kernel);
  expect_same(back.anatomy->exit, s.anatomy->exit);
  expect_same(back.anatomy->round_trip, s.anatomy->round_trip);
  ASSERT_EQ(back.cross_check.size(), 1u);
  EXPECT_EQ(back.cross_check[0].probe, Probe::kTracepoint);
  EXPECT_EQ(back.cross_check[0].lost, 1u);
  EXPECT_EQ(back.cross_check[0].missing, 1u);
  EXPECT_EQ(back.cross_check[0].order_violations, 1u);
  expect_same(back.cross_check[0].enter_gap, s.cross_check[0].enter_gap);
  expect_same(back.cross_check[0].exit_gap, s.cross_check[0].exit_gap);
  // Written again, the summary is the same text.
  EXPECT_EQ(json_text(read), text);
}

TEST(AnatomyReport, TablePrintsTheAnatomyBlock) {
  const std::string table = table_of(summarized(Mode::kPrintk));
  EXPECT_NE(table.find("anatomy (cycles, same-CPU calls with all four stamps, n=4)\n"
                       "  entry       min 100  p50 101  mean 101.5  p99 103\n"
                       "  kernel      min 60  p50 60  mean 60.0  p99 60\n"
                       "  exit        min 240  p50 240  mean 240.0  p99 240\n"
                       "  round trip  min 400  p50 401  mean 401.5  p99 403\n"
                       "  (printk mode: the exit part includes the printk)\n"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("cross-check tracepoint  paired 3  lost 1  order violations 1\n"),
            std::string::npos)
      << table;
  EXPECT_EQ(table_of(summarized(Mode::kBuffer)).find("includes the printk"), std::string::npos);
}

TEST(AnatomyReport, SummaryFromBeforeIssue12StillLoads) {
  // A summary.json as written before stamp format 2: the same document without the anatomy keys.
  nlohmann::ordered_json old = summary_json(summarized());
  for (const char* key : {"probes", "order_violations", "anatomy", "cross_check"}) {
    ASSERT_EQ(old.erase(key), 1u) << key;
  }
  Results read;
  auto kind = std::make_unique<EntryResults>();
  kind->summary = read_entry_summary_json(old, read.header);
  const EntrySummary s = kind->summary;
  read.kind = std::move(kind);
  EXPECT_TRUE(s.probes.empty());
  EXPECT_FALSE(s.anatomy);
  EXPECT_TRUE(s.cross_check.empty());
  EXPECT_EQ(s.counts.order_violations, 0u);
  EXPECT_EQ(s.counts.paired, 4u);
  const std::string table = table_of(read);
  EXPECT_EQ(table.find("anatomy"), std::string::npos);
  EXPECT_EQ(table.find("\ncross-check "), std::string::npos);
}

TEST(AnatomyReport, ProbeListInTheOrderNamed) {
  EXPECT_EQ(probes_from_list_name("patch,tracepoint"),
            (std::vector<Probe>{Probe::kPatch, Probe::kTracepoint}));
  EXPECT_EQ(probes_from_list_name("tracepoint,module"),
            (std::vector<Probe>{Probe::kTracepoint, Probe::kModule}));
  EXPECT_EQ(probes_from_list_name("hermitux"), std::vector<Probe>{Probe::kHermitux});
  EXPECT_EQ(probes_from_list_name(""), std::vector<Probe>{});
  // A summary naming an unknown probe is not one this collector wrote.
  EXPECT_FALSE(probes_from_list_name("none"));
  nlohmann::ordered_json json = summary_json(summarized());
  json["probe"] = "none";
  ResultsHeader header;
  EXPECT_THROW(read_entry_summary_json(json, header), SummaryFormatError);
}

}  // namespace
}  // namespace iprobe
