#include "report/report_output.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace iprobe {
namespace {

const std::vector<Pair> kPairs{
    Pair{0x0000c0de, 0, 1, 1, 1000, 1100, 100},
    Pair{0x0000c0de, 1, 1, 2, 18446744073709551615ull, 4, 5},
    Pair{0x0000c0de, 7, 3, 3, 500, 490, -10},
};

// Format-1 pairs: no after/exit stamps, so those cells and the parts built on them are empty.
const char* const kCsv =
    "seq,cpu,kernel_cpu,u_before,u_after,patch_enter,patch_exit,entry,kernel,exit,round_trip\n"
    "0,1,1,1000,,1100,,100,,,\n"
    "1,1,2,18446744073709551615,,4,,5,,,\n"
    "7,3,3,500,,490,,-10,,,\n";

TEST(PairsCsv, FormatOneRowsHaveEmptyCells) {
  std::ostringstream out;
  write_pairs_csv(out, PairsCsv{"patch", kPairs, {}});
  EXPECT_EQ(out.str(), kCsv);
}

TEST(PairsCsv, EmptyHasHeaderOnly) {
  std::ostringstream out;
  write_pairs_csv(out, PairsCsv{});
  EXPECT_EQ(out.str(),
            "seq,cpu,kernel_cpu,u_before,u_after,kernel_enter,kernel_exit,entry,kernel,exit,"
            "round_trip\n");
}

TEST(PairsCsv, FormatTwoWithAnExtraProbe) {
  Pair complete{0xc0de, 0, 1, 1, 1000, 1100, 100, 1400, 1250};
  Pair no_exit{0xc0de, 2, 1, 1, 2000, 2100, 100, 2400, std::nullopt};
  const std::vector<Pair> pairs{complete, no_exit};
  ExtraProbe tracepoint;
  tracepoint.at_pair = {ProbeCall{1, 1090, 1260}, std::nullopt};
  const std::vector<ExtraProbe> extra{tracepoint};
  std::ostringstream out;
  write_pairs_csv(out, PairsCsv{"module", pairs, extra});
  EXPECT_EQ(out.str(),
            "seq,cpu,kernel_cpu,u_before,u_after,module_enter,module_exit,tracepoint_enter,"
            "tracepoint_exit,entry,kernel,exit,round_trip\n"
            "0,1,1,1000,1400,1100,1250,1090,1260,100,150,150,400\n"
            "2,1,1,2000,2400,2100,,,,100,,,\n");
}

TEST(PairsCsv, FileOutput) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "iprobe_pairs_csv_test.csv";
  write_pairs_csv(path, PairsCsv{"patch", std::vector<Pair>{Pair{0, 3, 0, 0, 1, 2, 1}}, {}});
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(),
            "seq,cpu,kernel_cpu,u_before,u_after,patch_enter,patch_exit,entry,kernel,exit,"
            "round_trip\n3,0,0,1,,2,,1,,,\n");
  std::filesystem::remove(path);
  EXPECT_THROW(write_pairs_csv("/nonexistent/dir/pairs.csv", PairsCsv{"patch", kPairs, {}}),
               std::runtime_error);
}

PairingResult sample_result() {
  PairingResult r;
  r.run = 0x0000c0de;
  r.header.run = r.run;
  r.header.iterations = 4;
  r.counts.expected = 4;
  r.counts.paired = 3;
  r.counts.lost = 1;
  r.counts.cross_cpu = 1;
  r.counts.negative = 1;
  r.counts.foreign = 2;
  r.pairs = kPairs;
  r.foreign_runs = {0xabc};
  r.total = LoopTotal{r.run, 4, 1000, 1, 1, 0, 0};
  r.warnings = {"1 pair(s) crossed CPUs"};
  return r;
}

TEST(Summary, FromPairingExcludesCrossCpuFromLatency) {
  const Summary s = summarize(sample_result());
  EXPECT_EQ(s.run_id, 0x0000c0deu);
  EXPECT_EQ(s.iterations, 4u);
  EXPECT_EQ(s.counts.paired, 3u);
  EXPECT_EQ(s.latency.n, 2u);
  EXPECT_EQ(s.latency.min, -10);
  EXPECT_EQ(s.latency.max, 100);
  EXPECT_EQ(s.latency.p50, -10);
  EXPECT_EQ(s.latency.mean, 45.0);
  EXPECT_EQ(s.warnings.size(), 1u);
}

std::string summary_json(const Summary& s) {
  std::ostringstream out;
  write_summary_json(out, s);
  return out.str();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Summary, JsonKeysAndValues) {
  Summary s = summarize(sample_result());
  s.scenario = "linux";
  s.probe = "module";
  s.mode = "printk";
  s.environment.kernel = "6.8.0";
  s.environment.tsc_flags = {"constant_tsc", "nonstop_tsc"};
  s.environment.tsc_khz = "2995200";
  s.environment.mitigations = {{"spectre_v2", "Mitigation: Retpolines"}};
  s.environment.cpu = 2;
  s.extra = {{"note", "a\tb"}};
  const std::string json = summary_json(s);
  for (const char* part : {
           "\"scenario\": \"linux\"",
           "\"probe\": \"module\"",
           "\"mode\": \"printk\"",
           "\"iterations\": 4",
           "\"runs\": 1",
           "\"run_id\": \"0000c0de\"",
           "\"expected\": 4",
           "\"paired\": 3",
           "\"lost\": 1",
           "\"rejected\": 0",
           "\"duplicate\": 0",
           "\"negative\": 1",
           "\"cross_cpu\": 1",
           "\"foreign\": 2",
           "\"foreign_runs\": [\n    \"00000abc\"\n  ]",
           "\"warmup\": 0",
           "\"out_of_range\": 0",
           "\"missing_kernel\": 0",
           "\"missing_user\": 0",
           "\"wrong_source\": 0",
           "\"log_lost_records\": 0",
           "\"dump_dropped\": 0",
           "\"dump_incomplete\": false",
           "\"latency_cycles\": {\n    \"n\": 2,\n    \"min\": -10,\n    \"p50\": -10,\n    "
           "\"mean\": 45.0,\n    \"p99\": 100,\n    \"max\": 100,\n    \"stddev\": "
           "77.78174593052023\n"
           "  }",
           "\"tsc_floor_cycles\": null",
           "\"round_trip\": {\n    \"total_cycles\": 1000,\n    \"calls\": 4,\n    "
           "\"cycles_per_call\": 250.0,",
           "\"tsc_flags\": [\n      \"constant_tsc\",\n      \"nonstop_tsc\"\n    ]",
           "\"tsc_khz\": 2995200",
           "\"mitigations\": {\n      \"spectre_v2\": \"Mitigation: Retpolines\"\n    }",
           "\"cpu\": 2",
           "\"warnings\": [\n    \"1 pair(s) crossed CPUs\"\n  ]",
           "\"note\": \"a\\tb\"",
       }) {
    EXPECT_TRUE(contains(json, part)) << "missing " << part << " in\n" << json;
  }
}

TEST(Summary, JsonNullsWhenUnknown) {
  Summary s;
  s.tsc_floor = TscFloor{18, 20, 64};
  const std::string json = summary_json(s);
  EXPECT_TRUE(contains(json, "\"round_trip\": null"));
  EXPECT_TRUE(contains(json, "\"tsc_khz\": null"));
  EXPECT_TRUE(contains(
      json,
      "\"tsc_floor_cycles\": {\n    \"min\": 18,\n    \"p50\": 20,\n    \"samples\": 64\n  }"));
  s.total = LoopTotal{};
  EXPECT_TRUE(contains(summary_json(s), "\"cycles_per_call\": null"));
}

TEST(Summary, TableListsCountsAndWarnings) {
  Summary s = summarize(sample_result());
  std::ostringstream out;
  print_summary_table(out, s);
  const std::string table = out.str();
  EXPECT_TRUE(contains(table, "run 0000c0de")) << table;
  EXPECT_TRUE(contains(table, "  expected          4\n")) << table;
  EXPECT_TRUE(contains(table, "  paired            3\n")) << table;
  EXPECT_TRUE(contains(table, "  cross-CPU         1\n")) << table;
  EXPECT_TRUE(contains(table, "min -10  p50 -10  mean 45.0  p99 100  max 100  stddev 77.8"))
      << table;
  EXPECT_TRUE(contains(table, "250.0 cycles/call over 4 calls")) << table;
  EXPECT_TRUE(contains(table, "WARNING: 1 pair(s) crossed CPUs\n")) << table;
}

}  // namespace
}  // namespace iprobe
