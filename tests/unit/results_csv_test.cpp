// Reading pairs.csv and runs.csv back, with one line naming the file and the line for every
// problem.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "benchmarks/entry/entry_results.hpp"
#include "benchmarks/roundtrip/roundtrip_results.hpp"

namespace iprobe {
namespace {

constexpr const char* kTail =
    "; the file is corrupted — re-run the benchmark or restore it from raw/";

std::string runs_error(const std::string& text) {
  std::istringstream in(text);
  try {
    parse_runs_csv(in, "DIR/runs.csv");
  } catch (const ResultsFileError& e) {
    return e.what();
  }
  return "no error";
}

std::string pairs_error(const std::string& text) {
  std::istringstream in(text);
  try {
    parse_pairs_csv(in, "DIR/pairs.csv");
  } catch (const ResultsFileError& e) {
    return e.what();
  }
  return "no error";
}

const std::string kRunsHeader = std::string(kRunsCsvHeader) + "\n";
// pairs.csv as written before stamp format 2: older results folders still read.
const std::string kPairsHeader = std::string(kLegacyPairsCsvHeader) + "\n";
const std::string kNewPairsHeader =
    "seq,cpu,kernel_cpu,u_before,u_after,patch_enter,patch_exit,tracepoint_enter,tracepoint_exit,"
    "entry,kernel,exit,round_trip\n";

TEST(ResultsCsvTest, ReadsGoodRunsCsv) {
  std::istringstream in(kRunsHeader +
                        "raw,0,100000,47000000,470.5,1,1,0,0\n"
                        "fncall-lib,3,100000,900000,9,1,0,1,2\n");
  const auto runs = parse_runs_csv(in, "runs.csv");
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].name, "raw");
  ASSERT_TRUE(runs[0].total && runs[1].total);
  EXPECT_TRUE(runs[0].usable());
  EXPECT_EQ(runs[0].total->calls, 100000u);
  EXPECT_EQ(runs[0].total->cycles, 47000000u);
  EXPECT_DOUBLE_EQ(runs[0].cycles_per_call, 470.5);
  EXPECT_EQ(runs[1].name, "fncall-lib");
  EXPECT_EQ(runs[1].run, 3u);
  EXPECT_EQ(runs[1].total->cpu_start, 1u);
  EXPECT_EQ(runs[1].total->cpu_end, 0u);
  EXPECT_EQ(runs[1].total->migrations, 1u);
  EXPECT_EQ(runs[1].total->errors, 2u);
}

TEST(ResultsCsvTest, HeaderOnlyIsValidAndEmpty) {
  std::istringstream in(kRunsHeader);
  EXPECT_TRUE(parse_runs_csv(in, "runs.csv").empty());
}

TEST(ResultsCsvTest, AcceptsCrlfLineEnds) {
  std::istringstream in(std::string(kRunsCsvHeader) + "\r\nraw,0,10,4700,470,1,1,0,0\r\n");
  ASSERT_EQ(parse_runs_csv(in, "runs.csv").size(), 1u);
}

TEST(ResultsCsvTest, WrongHeader) {
  EXPECT_EQ(runs_error("variant,run,cycles\nraw,0,1\n"),
            std::string("DIR/runs.csv line 1: expected the header '") + kRunsCsvHeader +
                "', got 'variant,run,cycles'" + kTail);
  // pairs.csv given where runs.csv is expected
  EXPECT_NE(runs_error(kPairsHeader).find("line 1: expected the header"), std::string::npos);
}

TEST(ResultsCsvTest, ShortRow) {
  EXPECT_EQ(runs_error(kRunsHeader + "raw,0,10,4700,470,1,1,0,0\nraw,1,10,4700\n"),
            std::string("DIR/runs.csv line 3: expected 9 fields, got 4") + kTail);
  EXPECT_EQ(runs_error(kRunsHeader + "raw,0,10,4700,470,1,1,0,0,7\n"),
            std::string("DIR/runs.csv line 2: expected 9 fields, got 10") + kTail);
  EXPECT_EQ(pairs_error(kPairsHeader + "0000abcd,1,0,0\n"),
            std::string("DIR/pairs.csv line 2: expected 7 fields, got 4") + kTail);
}

TEST(ResultsCsvTest, NonNumericField) {
  EXPECT_EQ(runs_error(kRunsHeader + "raw,0,10,4700,fast,1,1,0,0\n"),
            std::string("DIR/runs.csv line 2: field 5 (cycles_per_call) is not a non-negative "
                        "number: 'fast'") +
                kTail);
  EXPECT_EQ(
      runs_error(kRunsHeader + "raw,0,1x0,4700,470,1,1,0,0\n"),
      std::string("DIR/runs.csv line 2: field 3 (iterations) is not an integer: '1x0'") + kTail);
  EXPECT_NE(runs_error(kRunsHeader + "raw,0,10,4700,nan,1,1,0,0\n").find("field 5"),
            std::string::npos);
  EXPECT_NE(runs_error(kRunsHeader + "raw,0,10,4700,-3,1,1,0,0\n").find("field 5"),
            std::string::npos);
  EXPECT_NE(runs_error(kRunsHeader + "raw,-1,10,4700,470,1,1,0,0\n").find("field 2 (run)"),
            std::string::npos);
  EXPECT_NE(runs_error(kRunsHeader + "raw,0,10,4700,470,99999999999,1,0,0\n")
                .find("field 6 (cpu_start) is out of range"),
            std::string::npos);
  EXPECT_EQ(pairs_error(kPairsHeader + "xyz,0,0,0,1,2,1\n"),
            std::string("DIR/pairs.csv line 2: field 1 (run) is not a hex number: 'xyz'") + kTail);
  EXPECT_EQ(runs_error(kRunsHeader + "\"raw\",0,10,4700,470,1,1,0,0\n"),
            std::string("DIR/runs.csv line 2: field 1 (variant) must be a name of letters, "
                        "digits, '.', '_', '+', '-', got '\"raw\"'") +
                kTail);
}

TEST(ResultsCsvTest, EmptyFileAndEmptyLine) {
  EXPECT_EQ(runs_error(""), std::string("DIR/runs.csv is empty") + kTail);
  EXPECT_EQ(pairs_error(""), std::string("DIR/pairs.csv is empty") + kTail);
  EXPECT_EQ(runs_error(kRunsHeader + "\nraw,0,10,4700,470,1,1,0,0\n"),
            std::string("DIR/runs.csv line 2: empty line") + kTail);
}

TEST(ResultsCsvTest, FileCutShort) {
  EXPECT_EQ(runs_error(kRunsHeader + "raw,0,10,4700,470,1,1,0,0\nraw,1,10,47"),
            std::string("DIR/runs.csv line 3: the last line has no end of line, the file was "
                        "cut short") +
                kTail);
}

TEST(ResultsCsvTest, ReadsPairsKeepingSameCpuDeltas) {
  std::istringstream in(kPairsHeader +
                        "0000c0de,0,1,1,1000,1150,150\n"
                        "0000c0de,1,1,1,2000,1990,-10\n"
                        "0000c0de,2,1,0,3000,3400,400\n"
                        "0000c0de,3,1,1,4000,4120,120\n");
  const EntrySamples s = parse_pairs_csv(in, "pairs.csv");
  EXPECT_EQ(s.rows, 4u);
  EXPECT_EQ(s.cross_cpu, 1u);
  EXPECT_EQ(s.negative, 1u);
  EXPECT_EQ(s.same_cpu_deltas, (std::vector<int64_t>{-10, 120, 150}));  // ascending
}

TEST(ResultsCsvTest, ReadsPairsWithExitStampsAndAnExtraProbe) {
  std::istringstream in(kNewPairsHeader +
                        "0,1,1,1000,1400,1150,1250,1140,1260,150,100,150,400\n"
                        "1,1,1,2000,,1990,,,,-10,,,\n"
                        "2,1,0,3000,3500,3400,3450,,,400,50,50,500\n");
  const EntrySamples s = parse_pairs_csv(in, "pairs.csv");
  EXPECT_EQ(s.rows, 3u);
  EXPECT_EQ(s.cross_cpu, 1u);
  EXPECT_EQ(s.negative, 1u);
  EXPECT_EQ(s.same_cpu_deltas, (std::vector<int64_t>{-10, 150}));
}

TEST(ResultsCsvTest, NewPairsLayoutIsChecked) {
  EXPECT_EQ(pairs_error(kNewPairsHeader + "0,1,1,1000,1400,1150,1250,1140,1260,151,100,150,400\n"),
            std::string("DIR/pairs.csv line 2: entry 151 is not the enter stamp - u_before (150)") +
                kTail);
  EXPECT_EQ(pairs_error(kNewPairsHeader + "0,1,1,1000,1400,1150,1250,150,100,150,400\n"),
            std::string("DIR/pairs.csv line 2: expected 13 fields, got 11") + kTail);
  // A header with half a probe's columns is no pairs.csv.
  EXPECT_NE(pairs_error("seq,cpu,kernel_cpu,u_before,u_after,patch_enter,entry,kernel,exit,"
                        "round_trip\n")
                .find("line 1: expected the header"),
            std::string::npos);
}

TEST(ResultsCsvTest, PairsDeltaMustMatchStamps) {
  EXPECT_EQ(
      pairs_error(kPairsHeader + "0000c0de,0,1,1,1000,1150,151\n"),
      std::string("DIR/pairs.csv line 2: delta 151 is not kernel_tsc - user_tsc (150)") + kTail);
}

TEST(ResultsCsvTest, MissingFileNamesIt) {
  try {
    read_runs_csv("/nonexistent/results/runs.csv");
    FAIL() << "no exception";
  } catch (const ResultsFileError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot open /nonexistent/results/runs.csv"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace iprobe
