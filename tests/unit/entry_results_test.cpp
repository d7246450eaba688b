// The entry-latency results: pairs.csv, the summary of a pairing, summary.json and the table.
#include "benchmarks/entry/entry_results.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "export/exporters.hpp"
#include "results/json_file.hpp"

namespace iprobe {
namespace {

const std::vector<Pair> kPairs{
    Pair{.seq = 0, .user_cpu = 1, .kernel_cpu = 1, .user_tsc = 1000, .kernel_tsc = 1100},
    Pair{.seq = 1,
         .user_cpu = 1,
         .kernel_cpu = 2,
         .user_tsc = 18446744073709551615ull,
         .kernel_tsc = 4},
    Pair{.seq = 7, .user_cpu = 3, .kernel_cpu = 3, .user_tsc = 500, .kernel_tsc = 490},
};

// Format-1 pairs: no after/exit stamps, so those cells and the parts built on them are empty.
const char* const kCsv =
    "seq,cpu,kernel_cpu,u_before,u_after,patch_enter,patch_exit,entry,kernel,exit,round_trip\n"
    "0,1,1,1000,,1100,,100,,,\n"
    "1,1,2,18446744073709551615,,4,,5,,,\n"
    "7,3,3,500,,490,,-10,,,\n";

TEST(PairsCsv, FormatOneRowsHaveEmptyCells) {
  std::ostringstream out;
  write_pairs_csv(out, EntryPairs{"patch", kPairs, {}});
  EXPECT_EQ(out.str(), kCsv);
}

TEST(PairsCsv, EmptyHasHeaderOnly) {
  std::ostringstream out;
  write_pairs_csv(out, EntryPairs{});
  EXPECT_EQ(out.str(),
            "seq,cpu,kernel_cpu,u_before,u_after,kernel_enter,kernel_exit,entry,kernel,exit,"
            "round_trip\n");
}

TEST(PairsCsv, FormatTwoWithAnExtraProbe) {
  Pair complete{.seq = 0, .user_cpu = 1, .kernel_cpu = 1, .user_tsc = 1000, .kernel_tsc = 1100};
  complete.set_user_after(1400);
  complete.set_kernel_exit(1250);
  Pair no_exit{.seq = 2, .user_cpu = 1, .kernel_cpu = 1, .user_tsc = 2000, .kernel_tsc = 2100};
  no_exit.set_user_after(2400);
  const std::vector<Pair> pairs{complete, no_exit};
  ExtraProbe tracepoint;
  tracepoint.at_pair = {ProbeCall{1, 1090, 1260}, std::nullopt};
  const std::vector<ExtraProbe> extra{tracepoint};
  std::ostringstream out;
  write_pairs_csv(out, EntryPairs{"module", pairs, extra});
  EXPECT_EQ(out.str(),
            "seq,cpu,kernel_cpu,u_before,u_after,module_enter,module_exit,tracepoint_enter,"
            "tracepoint_exit,entry,kernel,exit,round_trip\n"
            "0,1,1,1000,1400,1100,1250,1090,1260,100,150,150,400\n"
            "2,1,1,2000,2400,2100,,,,100,,,\n");
}

// The CSV writer formats numbers eight digits at a time: every length, both signs, the limits.
TEST(PairsCsv, NumbersOfEveryLength) {
  std::vector<Pair> pairs;
  std::string expected;
  uint64_t power = 1;
  for (int digits = 1; digits <= 20; ++digits, power *= 10) {
    for (const uint64_t tsc : {power - 1, power, power + 1, power * 7 + 3}) {
      Pair pair{.seq = static_cast<uint32_t>(digits),
                .user_cpu = static_cast<uint32_t>(tsc),
                .kernel_cpu = UINT32_MAX,
                .user_tsc = tsc,
                .kernel_tsc = UINT64_MAX - tsc};
      pair.set_user_after(tsc / 3);
      pair.set_kernel_exit(power);
      pairs.push_back(pair);
      const auto text = [](auto value) { return std::to_string(value); };
      const int64_t entry = pair.delta();
      const int64_t kernel = static_cast<int64_t>(power - pair.kernel_tsc);
      const int64_t exit = static_cast<int64_t>(tsc / 3 - power);
      const int64_t round_trip = static_cast<int64_t>(tsc / 3 - tsc);
      expected += text(pair.seq) + "," + text(pair.user_cpu) + "," + text(UINT32_MAX) + "," +
                  text(tsc) + "," + text(tsc / 3) + "," + text(UINT64_MAX - tsc) + "," +
                  text(power) + "," + text(entry) + "," + text(kernel) + "," + text(exit) + "," +
                  text(round_trip) + "\n";
    }
  }
  std::ostringstream out;
  write_pairs_csv(out, EntryPairs{"patch", pairs, {}});
  const std::string csv = out.str();
  EXPECT_EQ(csv.substr(csv.find('\n') + 1), expected);
}

// Rows are formatted in blocks by two threads: a run of several blocks comes out in seq order.
TEST(PairsCsv, ManyRowsKeepTheirOrder) {
  std::vector<Pair> pairs;
  std::string expected;
  for (uint32_t seq = 0; seq < 70001; ++seq) {
    const uint64_t before = 1000000 + 1000 * uint64_t{seq};
    pairs.push_back(Pair{.seq = seq,
                         .user_cpu = seq % 3,
                         .kernel_cpu = seq % 3,
                         .user_tsc = before,
                         .kernel_tsc = before + seq % 97});
    const std::string s = std::to_string(seq % 3);
    expected += std::to_string(seq) + "," + s + "," + s + "," + std::to_string(before) + ",," +
                std::to_string(before + seq % 97) + ",," + std::to_string(seq % 97) + ",,,\n";
  }
  std::ostringstream out;
  write_pairs_csv(out, EntryPairs{"patch", pairs, {}});
  const std::string csv = out.str();
  EXPECT_EQ(csv.substr(csv.find('\n') + 1), expected);
}

TEST(PairsCsv, WrittenByTheCsvExporter) {
  Results r;
  std::unique_ptr<EntryResults> kind = std::make_unique<EntryResults>();
  kind->pairs =
      EntryPairs{"patch", std::vector<Pair>{Pair{.seq = 3, .user_tsc = 1, .kernel_tsc = 2}}, {}};
  r.kind = std::move(kind);
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "iprobe_pairs_csv";
  std::filesystem::create_directories(dir);
  std::ostringstream console;
  const OutputReport written = write_outputs(r, ExportTarget{dir, console}, {Output::kCsv});
  EXPECT_EQ(written.written, std::vector<std::filesystem::path>{dir / "pairs.csv"});
  std::ifstream in(dir / "pairs.csv");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(),
            "seq,cpu,kernel_cpu,u_before,u_after,patch_enter,patch_exit,entry,kernel,exit,"
            "round_trip\n3,0,0,1,,2,,1,,,\n");
  std::filesystem::remove_all(dir);
  EXPECT_THROW(write_outputs(r, ExportTarget{"/nonexistent/dir", console}, {Output::kCsv}),
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

// The results of sample_result() as a live run makes them, with the header's warnings first.
Results summarized(ResultsHeader header = {}) {
  Results r;
  r.header = std::move(header);
  r.kind = entry_results(sample_result(), r.header);
  return r;
}

const EntrySummary& summary_of(const Results& r) {
  return dynamic_cast<const EntryResults&>(*r.kind).summary;
}

TEST(Summary, FromPairingExcludesCrossCpuFromLatency) {
  ResultsHeader header;
  header.warnings = {"a warning of the run"};
  const Results r = summarized(header);
  const EntrySummary& s = summary_of(r);
  EXPECT_EQ(r.header.run_id, 0x0000c0deu);
  EXPECT_EQ(r.header.iterations, 4u);
  EXPECT_EQ(s.counts.paired, 3u);
  EXPECT_EQ(s.latency.n, 2u);
  EXPECT_EQ(s.latency.min, -10);
  EXPECT_EQ(s.latency.max, 100);
  EXPECT_EQ(s.latency.p50, -10);
  EXPECT_EQ(s.latency.mean, 45.0);
  EXPECT_EQ(r.header.warnings,
            (std::vector<std::string>{"a warning of the run", "1 pair(s) crossed CPUs"}));
  const auto& kind = dynamic_cast<const EntryResults&>(*r.kind);
  ASSERT_TRUE(kind.pairs);
  EXPECT_EQ(kind.pairs->pairs.size(), 3u);  // the pairs themselves, for pairs.csv
  EXPECT_EQ(kind.samples.same_cpu_deltas, (std::vector<int64_t>{-10, 100}));
  EXPECT_EQ(kind.samples.cross_cpu, 1u);
}

std::string json_text(const Results& r) {
  std::ostringstream out;
  write_json(out, summary_json(r));
  return out.str();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Summary, JsonKeysAndValues) {
  ResultsHeader header;
  header.scenario = "linux";
  header.environment.kernel = "6.8.0";
  header.environment.tsc_flags = {"constant_tsc", "nonstop_tsc"};
  header.environment.tsc_khz = "2995200";
  header.environment.mitigations = {{"spectre_v2", "Mitigation: Retpolines"}};
  header.environment.cpu = 2;
  header.extra = {{"note", "a\tb"}};
  Results r;
  r.header = header;
  std::unique_ptr<EntryResults> kind = entry_results(sample_result(), r.header);
  kind->summary.named_probes = {Probe::kModule};
  kind->summary.mode = Mode::kPrintk;
  r.kind = std::move(kind);
  const std::string json = json_text(r);
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
  Results r;
  auto kind = std::make_unique<EntryResults>();
  EntryResults& e = *kind;
  e.summary.tsc_floor = TscFloor{18, 20, 64};
  r.kind = std::move(kind);
  const std::string json = json_text(r);
  EXPECT_TRUE(contains(json, "\"round_trip\": null"));
  EXPECT_TRUE(contains(json, "\"tsc_khz\": null"));
  EXPECT_TRUE(contains(
      json,
      "\"tsc_floor_cycles\": {\n    \"min\": 18,\n    \"p50\": 20,\n    \"samples\": 64\n  }"));
  e.summary.total = LoopTotal{};
  EXPECT_TRUE(contains(json_text(r), "\"cycles_per_call\": null"));
  // No probe named, no mode known (collector parse): empty strings, as before.
  EXPECT_TRUE(contains(json, "\"probe\": \"\",\n  \"mode\": \"\","));
}

TEST(Summary, TableListsCountsAndWarnings) {
  const Results r = summarized();
  std::ostringstream out;
  r.kind->print_table(out, r.header);
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
