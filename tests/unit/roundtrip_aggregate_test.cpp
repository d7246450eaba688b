// Round-trip benchmark: from per-run loop outputs to per-variant results and the outputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "benchmarks/finish_run.hpp"
#include "benchmarks/roundtrip/roundtrip_capture.hpp"
#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "export/exporters.hpp"
#include "results/json_file.hpp"
#include "util/file_util.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

std::string loop_output(uint32_t run_id, uint64_t calls, uint64_t cycles, uint64_t floor_min = 30,
                        uint64_t floor_p50 = 34, uint32_t cpu_start = 1, uint32_t cpu_end = 1,
                        uint32_t migrations = 0, uint32_t errors = 0, int pinned = 1) {
  std::ostringstream out;
  char id[16];
  std::snprintf(id, sizeof(id), "%08x", run_id);
  out << "ioprobe run " << id << " iterations=" << calls << " warmup=10 cpu=" << pinned
      << " variant=raw cmd=0xb810\n";
  out << "ioprobe floor min=" << floor_min << " p50=" << floor_p50 << " samples=1000\n";
  out << "ioprobe total " << id << " calls=" << calls << " cycles=" << cycles
      << " cpu_start=" << cpu_start << " cpu_end=" << cpu_end << " migrations=" << migrations
      << " errors=" << errors << "\n";
  return out.str();
}

TEST(RoundtripParse, CyclesPerCallIsTotalOverCalls) {
  const LoopRun r = parse_loop_output("raw", 3, loop_output(0xabc, 1000, 450'000), false);
  ASSERT_TRUE(r.usable()) << r.failure;
  EXPECT_EQ(r.name, "raw");
  EXPECT_EQ(r.run, 3u);
  EXPECT_DOUBLE_EQ(r.cycles_per_call, 450.0);
  ASSERT_TRUE(r.floor.has_value());
  EXPECT_EQ(r.floor->min, 30u);
}

TEST(RoundtripParse, SubtractFloorRemovesOneReadPairFromTheTotal) {
  const LoopRun r = parse_loop_output("raw", 1, loop_output(0xabc, 1000, 450'030, 30), true);
  ASSERT_TRUE(r.usable());
  EXPECT_DOUBLE_EQ(r.cycles_per_call, 450.0);  // (450030 - 30) / 1000, not 450030/1000 - 30
  const LoopRun tiny = parse_loop_output("raw", 1, loop_output(1, 10, 20, 30), true);
  EXPECT_DOUBLE_EQ(tiny.cycles_per_call, 0.0);  // never negative
}

TEST(RoundtripParse, UnusableRuns) {
  EXPECT_FALSE(parse_loop_output("raw", 1, "", false).usable());
  EXPECT_FALSE(parse_loop_output("raw", 1,
                                 "ioprobe run 0000000a iterations=5 warmup=0 cpu=1 "
                                 "variant=raw cmd=0x1\n",
                                 false)
                   .usable());
  const LoopRun zero = parse_loop_output("raw", 1, loop_output(5, 0, 0), false);
  EXPECT_FALSE(zero.usable());
  EXPECT_NE(zero.failure.find("0 calls"), std::string::npos);
  // Subtracting the floor needs a floor line.
  std::string no_floor = loop_output(5, 10, 1000);
  no_floor.erase(no_floor.find("ioprobe floor"),
                 no_floor.find("ioprobe total") - no_floor.find("ioprobe floor"));
  EXPECT_TRUE(parse_loop_output("raw", 1, no_floor, false).usable());
  EXPECT_FALSE(parse_loop_output("raw", 1, no_floor, true).usable());
}

TEST(RoundtripParse, LastHeaderWinsAndOtherRunsTotalsAreIgnored) {
  std::string text = loop_output(1, 100, 1000) + loop_output(2, 100, 5000);
  text +=
      "ioprobe total 00000001 calls=100 cycles=99 cpu_start=1 cpu_end=1 migrations=0 "
      "errors=0\n";
  text += "ioprobe total garbage\n";
  const LoopRun r = parse_loop_output("raw", 1, text, false);
  ASSERT_TRUE(r.usable());
  EXPECT_EQ(r.header->run, 2u);
  EXPECT_DOUBLE_EQ(r.cycles_per_call, 50.0);
  EXPECT_EQ(r.rejected, 1u);
}

std::vector<LoopRun> runs_of(const std::vector<uint64_t>& cycles_per_1000_calls) {
  std::vector<LoopRun> runs;
  uint32_t n = 0;
  for (uint64_t cycles : cycles_per_1000_calls) {
    ++n;
    runs.push_back(
        parse_loop_output("raw", n, loop_output(n, 1000, cycles, 20 + n, 30 + n), false));
  }
  return runs;
}

TEST(RoundtripAggregate, StatisticsFloorAndOutliers) {
  std::vector<std::string> warnings;
  // cycles/call 400, 410, 420, 900 (outlier above), 250 (outlier below: < 410 / 1.5)
  const LoopSeries v =
      aggregate_loop_runs("raw", "/bin/roundtrip-loop-raw",
                          runs_of({400'000, 410'000, 420'000, 900'000, 250'000}), 1.5, warnings);
  EXPECT_EQ(v.stats.n, 5u);
  EXPECT_DOUBLE_EQ(v.stats.min, 250.0);
  EXPECT_DOUBLE_EQ(v.stats.p50, 410.0);
  EXPECT_DOUBLE_EQ(v.stats.mean, 476.0);
  EXPECT_EQ(v.outlier_runs, (std::vector<uint32_t>{4, 5}));
  ASSERT_TRUE(v.floor.has_value());
  EXPECT_EQ(v.floor->min, 21u);  // smallest floor min of the runs
  EXPECT_EQ(v.floor->p50, 33u);  // median of the floor p50s 31..35
  EXPECT_EQ(v.floor->samples, 5000u);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("run 4"), std::string::npos);
  EXPECT_NE(warnings[0].find("outlier"), std::string::npos);
}

TEST(RoundtripAggregate, FailedRunsMigrationsErrorsAndPinning) {
  std::vector<LoopRun> runs = runs_of({400'000});
  runs.push_back(parse_loop_output("raw", 2, "", false));
  runs.push_back(
      parse_loop_output("raw", 3, loop_output(3, 1000, 400'000, 30, 34, 1, 0, 1, 0), false));
  runs.push_back(
      parse_loop_output("raw", 4, loop_output(4, 1000, 400'000, 30, 34, 1, 1, 0, 7, -1), false));
  std::vector<std::string> warnings;
  const LoopSeries v = aggregate_loop_runs("raw", "x", runs, 1.5, warnings);
  EXPECT_EQ(v.stats.n, 3u);
  EXPECT_EQ(v.migrations, 1u);
  EXPECT_EQ(v.errors, 7u);
  auto has = [&](const std::string& text) {
    for (const auto& w : warnings)
      if (w.find(text) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has("run 2 is left out"));
  EXPECT_TRUE(has("run 3: CPU migration"));
  EXPECT_TRUE(has("run 4: the loop was not pinned"));
  EXPECT_TRUE(has("run 4: 7 of 1000 calls returned an unexpected result"));
}

TEST(RoundtripAggregate, NoUsableRun) {
  std::vector<std::string> warnings;
  std::vector<LoopRun> runs{parse_loop_output("raw", 1, "", false)};
  const LoopSeries v = aggregate_loop_runs("raw", "x", runs, 1.5, warnings);
  EXPECT_EQ(v.stats.n, 0u);
  EXPECT_FALSE(v.floor.has_value());
}

RoundtripResults two_variant_results() {
  RoundtripResults s;
  s.runs = 2;
  std::vector<std::string> warnings;
  s.variants.push_back(aggregate_loop_runs("raw", "/b/roundtrip-loop-raw",
                                           runs_of({400'000, 420'000}), 1.5, warnings));
  std::vector<LoopRun> fast;
  fast.push_back(parse_loop_output("fncall-same", 1, loop_output(9, 1000, 5'000), false));
  fast.push_back(parse_loop_output("fncall-same", 2, "", false));
  s.variants.push_back(
      aggregate_loop_runs("fncall-same", "/b/roundtrip-loop-fncall-same", fast, 1.5, warnings));
  s.missing_variants = {"libc-musl"};
  s.finish();
  return s;
}

TEST(RoundtripSummary, RatioToFastestAndOverallFloor) {
  const RoundtripResults s = two_variant_results();
  ASSERT_TRUE(s.variants[0].ratio_to_fastest.has_value());
  EXPECT_DOUBLE_EQ(*s.variants[0].ratio_to_fastest, 410.0 / 5.0);
  EXPECT_DOUBLE_EQ(*s.variants[1].ratio_to_fastest, 1.0);
  ASSERT_TRUE(s.tsc_floor.has_value());
  EXPECT_EQ(s.tsc_floor->min, 21u);
  EXPECT_EQ(s.tsc_floor->samples, 3000u);
}

TEST(RoundtripSummary, RunsCsvHasTheAgreedHeaderAndOneRowPerUsableRun) {
  std::ostringstream csv;
  write_runs_csv(csv, two_variant_results());
  EXPECT_EQ(csv.str(),
            "variant,run,iterations,total_cycles,cycles_per_call,cpu_start,cpu_end,migrations,"
            "errors\n"
            "raw,1,1000,400000,400,1,1,0,0\n"
            "raw,2,1000,420000,420,1,1,0,0\n"
            "fncall-same,1,1000,5000,5,1,1,0,0\n");
}

TEST(RoundtripSummary, JsonHoldsVariantsRunsAndCi) {
  Results r;
  r.header.benchmark = Benchmark::kRoundtrip;
  r.header.scenario = "linux";
  r.header.iterations = 1000;
  r.kind = std::make_unique<RoundtripResults>(two_variant_results());
  std::ostringstream json;
  write_json(json, summary_json(r));
  const std::string text = json.str();
  for (const char* needle :
       {"\"benchmark\": \"roundtrip\"", "\"variants\": {", "\"raw\": {", "\"cycles_per_call\": {",
        "\"p50\": 410", "\"ci95\": [", "\"runs\": [", "null", "\"missing_variants\": [",
        "\"libc-musl\"", "\"tsc_floor_cycles\": {", "\"environment\": {", "\"warnings\": [",
        "\"failed_runs\": [", "\"ratio_to_fastest\": 82"})
    EXPECT_NE(text.find(needle), std::string::npos) << needle << "\n" << text;
  // Read back, every run is there again in its order, the failed one with its reason.
  ResultsHeader header;
  const std::unique_ptr<RoundtripResults> back =
      read_roundtrip_summary_json(nlohmann::ordered_json::parse(text), header);
  EXPECT_EQ(header.scenario, "linux");
  ASSERT_EQ(back->variants.size(), 2u);
  ASSERT_EQ(back->variants[1].runs.size(), 2u);
  EXPECT_DOUBLE_EQ(back->variants[1].runs[0].cycles_per_call, 5.0);
  EXPECT_FALSE(back->variants[1].runs[1].usable());
  EXPECT_EQ(back->variants[1].runs[1].failure, two_variant_results().variants[1].runs[1].failure);
  EXPECT_DOUBLE_EQ(back->variants[0].stats.max, 420.0);  // not written: from the runs
  EXPECT_TRUE(back->csv_files().empty());                // no loop totals without runs.csv
}

TEST(RoundtripReport, RederivesEverythingFromRawLogs) {
  const fs::path dir = fs::temp_directory_path() / "roundtrip_report_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "raw");
  for (uint32_t run = 1; run <= 3; ++run) {
    write_text_file(loop_log_path(dir / "raw", "raw", run),
                    loop_output(run, 1000, 400'000 + run * 1000));
    if (run != 2)
      write_text_file(loop_log_path(dir / "raw", "fncall-lib", run),
                      loop_output(run + 10, 1000, 8'000));
  }
  RoundtripCapture in;
  in.scenario = "linux";
  in.iterations = 1000;
  in.runs = 3;
  in.programs = {{"raw", "/b/roundtrip-loop-raw"}, {"fncall-lib", "/b/roundtrip-loop-fncall-lib"}};
  const Results results = in.summarize(dir);
  const auto& s = dynamic_cast<const RoundtripResults&>(*results.kind);
  ASSERT_EQ(s.variants.size(), 2u);
  EXPECT_DOUBLE_EQ(s.variants[0].stats.p50, 402.0);
  EXPECT_EQ(s.variants[1].stats.n, 2u);  // run 2's output is missing
  EXPECT_FALSE(s.variants[1].runs[1].usable());
  EXPECT_EQ(report_capture(in, ReportOptions{dir, false, false}), 0);
  EXPECT_TRUE(fs::exists(dir / "summary.json"));
  const std::string csv = read_text_file(dir / "runs.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 6);  // header + 3 + 2

  in.programs = {{"raw", "/b/roundtrip-loop-raw"}};
  fs::remove_all(dir / "raw");
  fs::create_directories(dir / "raw");
  EXPECT_THROW(in.summarize(dir), std::runtime_error);
  fs::remove_all(dir);
}

TEST(RoundtripNames, VariantsAndPaths) {
  EXPECT_EQ(kRoundtripVariants.size(), 7u);
  EXPECT_TRUE(is_roundtrip_variant("fncall-lib"));
  EXPECT_FALSE(is_roundtrip_variant("plain"));
  EXPECT_EQ(roundtrip_binary_name("raw"), "roundtrip-loop-raw");
  EXPECT_EQ(loop_log_path("/r/raw", "libc-musl", 10), fs::path("/r/raw/libc-musl-10.log"));
}

}  // namespace
}  // namespace iprobe
