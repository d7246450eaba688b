// Interposition benchmark: the summary of a captured real run (tests/fixtures/interpose: every
// mechanism with both calls, 2 runs of 2000 calls; sud refused through deny-call), checked
// against values read from the raw outputs independently of the collector's parser; the parsing
// of single outputs; summary.json, runs.csv, the figures and the compare bars.
#include "benchmarks/interpose/interpose_results.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "benchmarks/benchmark_table.hpp"
#include "benchmarks/interpose/interpose_capture.hpp"
#include "export/exporters.hpp"
#include "results/json_file.hpp"
#include "util/file_util.hpp"
#include "util/text_format.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

const fs::path kCapture = fs::path(IPROBE_FIXTURE_DIR) / "interpose";

// key=<integer> on the line "ioprobe <kind> ...", read with a regular expression.
double value_in(const std::string& text, const std::string& kind, const std::string& key) {
  const std::regex line("ioprobe " + kind + " [^\n]*\\b" + key + "=(-?[0-9]+)");
  std::smatch match;
  if (!std::regex_search(text, match, line)) throw std::runtime_error(kind + " " + key);
  return std::stod(match[1]);
}

std::string log_of(const std::string& mechanism, const std::string& call, int run) {
  return read_text_file(
      kCapture / "raw" / (mechanism + "-" + call + "-" + std::to_string(run) + ".log"), 1 << 20);
}

// (total - floor min) / calls of one run, from its log.
double floorless(const std::string& mechanism, const std::string& call, int run) {
  const std::string text = log_of(mechanism, call, run);
  return (value_in(text, "total", "cycles") - value_in(text, "floor", "min")) /
         value_in(text, "total", "calls");
}

const InterposeResults& kind_of(const Results& r) {
  return dynamic_cast<const InterposeResults&>(*r.kind);
}

const MechanismResult& mechanism(const InterposeResults& r, const std::string& name) {
  for (const MechanismResult& m : r.mechanisms)
    if (m.name == name) return m;
  throw std::runtime_error("no mechanism " + name);
}

const CallSeries& series(const MechanismResult& m, const std::string& call) {
  for (const CallSeries& c : m.calls)
    if (c.call == call) return c;
  throw std::runtime_error("no call " + call + " of " + m.name);
}

Results captured() { return InterposeCapture::read_record(kCapture / "raw").summarize(kCapture); }

TEST(InterposeCapture, EveryMechanismTheKernelHadIsMeasuredWithBothCalls) {
  const Results results = captured();
  EXPECT_EQ(results.header.benchmark, Benchmark::kInterpose);
  EXPECT_EQ(results.header.iterations, 2000u);
  const InterposeResults& r = kind_of(results);
  EXPECT_EQ(r.runs, 2u);
  ASSERT_EQ(r.mechanisms.size(), kInterposeMechanisms.size());
  for (const MechanismResult& m : r.mechanisms) {
    if (m.name == "sud") continue;
    ASSERT_EQ(m.calls.size(), 2u) << m.name;
    for (const CallSeries& c : m.calls) {
      EXPECT_EQ(c.pass.stats.n, 2u) << m.name << " " << c.call;
      // 2 warm-ups of 1000, 2000 timed calls, 2000 stamped calls, twice.
      EXPECT_EQ(c.calls, 2u * 6000u) << m.name;
      EXPECT_EQ(c.hooked, m.name == "raw" ? 0u : c.calls) << m.name << " " << c.call;
      EXPECT_EQ(c.result, c.expected);
      EXPECT_EQ(*c.result, c.call == "ioctl" ? -25 : -38) << m.name;  // -ENOTTY, -ENOSYS
      EXPECT_EQ(*c.nr, c.call == "ioctl" ? 16u : 500u);
    }
  }
  EXPECT_EQ(series(mechanism(r, "raw"), "ioctl").command, 0xb850u);
}

TEST(InterposeCapture, ARefusedMechanismIsSkippedWithItsReason) {
  const Results results = captured();
  const InterposeResults& r = kind_of(results);
  const MechanismResult& sud = mechanism(r, "sud");
  ASSERT_TRUE(sud.skipped.has_value());
  EXPECT_EQ(*sud.skipped,
            "prctl(PR_SET_SYSCALL_USER_DISPATCH): Invalid argument (Linux 5.11+ needed)");
  EXPECT_TRUE(sud.calls.empty());  // its later outputs were never made: not failed runs
}

TEST(InterposeCapture, StatisticsMatchTheOutputs) {
  const Results results = captured();
  const InterposeResults& r = kind_of(results);
  for (const std::string name : {"rewrite", "ptrace", "seccomp-notify"}) {
    for (const std::string call : {"ioctl", "nosys"}) {
      const CallSeries& c = series(mechanism(r, name), call);
      const std::string one = log_of(name, call, 1);
      const std::string two = log_of(name, call, 2);
      // Two runs: every median is the mean of the two.
      const double cycles_one = value_in(one, "total", "cycles") / value_in(one, "total", "calls");
      const double cycles_two = value_in(two, "total", "cycles") / value_in(two, "total", "calls");
      EXPECT_DOUBLE_EQ(c.pass.stats.p50, (cycles_one + cycles_two) / 2) << name << call;
      EXPECT_DOUBLE_EQ(c.pass.stats.min, std::min(cycles_one, cycles_two));
      ASSERT_TRUE(c.per_call.has_value());
      EXPECT_DOUBLE_EQ(c.per_call->p50,
                       (value_in(one, "percall", "p50") + value_in(two, "percall", "p50")) / 2);
      EXPECT_DOUBLE_EQ(c.per_call->p99,
                       (value_in(one, "percall", "p99") + value_in(two, "percall", "p99")) / 2);
      EXPECT_EQ(c.per_call->calls, 4000u);
      const double mine = (floorless(name, call, 1) + floorless(name, call, 2)) / 2;
      const double raw = (floorless("raw", call, 1) + floorless("raw", call, 2)) / 2;
      ASSERT_TRUE(c.overhead_vs_raw.has_value());
      EXPECT_NEAR(c.overhead_vs_raw->cycles, mine - raw, 1e-9);
      EXPECT_NEAR(*c.overhead_vs_raw->ratio, mine / raw, 1e-12);
      EXPECT_NEAR(c.overhead_vs_raw->min_cycles,
                  std::min(floorless(name, call, 1), floorless(name, call, 2)) -
                      std::min(floorless("raw", call, 1), floorless("raw", call, 2)),
                  1e-9);
    }
  }
  const Overhead& raw = *series(mechanism(r, "raw"), "nosys").overhead_vs_raw;
  EXPECT_DOUBLE_EQ(raw.cycles, 0);
  EXPECT_DOUBLE_EQ(*raw.ratio, 1);
}

TEST(InterposeCapture, HelpersAndTheirPlacement) {
  const Results results = captured();
  const InterposeResults& r = kind_of(results);
  EXPECT_EQ(r.supervisor_cpu, 1);
  EXPECT_EQ(mechanism(r, "seccomp-notify").helper, "supervisor");
  EXPECT_EQ(mechanism(r, "ptrace-sysemu").helper, "tracer");
  EXPECT_EQ(mechanism(r, "ptrace").helper_cpus, std::vector<int>{1});
  EXPECT_EQ(mechanism(r, "rewrite").helper, "none");
  EXPECT_TRUE(mechanism(r, "rewrite").helper_cpus.empty());
}

// summary.json read back gives the same table; runs.csv has one row per usable process.
TEST(InterposeSummary, JsonAndCsvReadBackToTheSameTable) {
  const Results live = captured();
  const fs::path dir = fs::temp_directory_path() / ("iprobe_interpose_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ostringstream ignored;
  write_outputs(live, ExportTarget{dir, ignored}, {Output::kSummaryJson, Output::kCsv});
  const nlohmann::ordered_json json = read_json_file(dir / "summary.json");
  EXPECT_EQ(json.at("benchmark"), "interpose");
  const nlohmann::ordered_json& rewrite = json.at("mechanisms").at("rewrite").at("ioctl");
  for (const char* member : {"call", "cycles_per_call", "per_call", "overhead_vs_raw", "hooked"})
    EXPECT_TRUE(rewrite.contains(member)) << member;
  for (const char* member : {"n", "min", "p50", "mean", "stddev", "ci95"})
    EXPECT_TRUE(rewrite.at("cycles_per_call").contains(member)) << member;
  EXPECT_EQ(rewrite.at("call").at("device"), "/dev/null");
  EXPECT_EQ(rewrite.at("call").at("command"), "0xb850");
  EXPECT_TRUE(json.at("mechanisms").at("sud").at("skipped").is_string());

  const std::string csv = read_text_file(dir / "runs.csv", 1 << 20);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), kInterposeRunsCsvHeader);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 10 * 2 * 2);  // sud: no row

  const Results back = read_results(json, dir, ReadDepth::kWithSamples);
  std::ostringstream live_table;
  std::ostringstream back_table;
  live.kind->print_table(live_table, live.header);
  back.kind->print_table(back_table, back.header);
  EXPECT_EQ(back_table.str(), live_table.str());
  EXPECT_NE(live_table.str().find("sud                 skipped: the kernel refuses it"),
            std::string::npos)
      << live_table.str();
  fs::remove_all(dir);
}

TEST(InterposeSummary, OneFigurePerCallWithTheOverheadOnEachBar) {
  const Results r = captured();
  const FigureSet set = r.kind->figures(r.header, FigureContext{"/results", "png"});
  ASSERT_EQ(set.figures.size(), 2u);
  EXPECT_EQ(set.figures[0].name, "interpose-ioctl");
  EXPECT_EQ(set.figures[1].files.svg, "interpose-nosys.svg");
  const Figure& f = set.figures[0];
  EXPECT_NE(f.script.find("set logscale y"), std::string::npos);
  EXPECT_NE(f.script.find("using 0:6:10 with labels"), std::string::npos);
  // 10 measured mechanisms (sud refused), each with its label.
  EXPECT_EQ(std::count(f.data_text.begin(), f.data_text.end(), '\n'), 2 + 10);
  const CallSeries& rewrite = series(mechanism(kind_of(r), "rewrite"), "ioctl");
  EXPECT_NE(f.data_text.find("\"rewrite\" 2 "), std::string::npos);
  EXPECT_NE(f.data_text.find("\"+" + fixed(rewrite.overhead_vs_raw->cycles) + " ("),
            std::string::npos)
      << f.data_text;
}

TEST(InterposeSummary, OneCompareBarPerMechanismAndCall) {
  const Results r = captured();
  std::vector<std::string> notes;
  const std::vector<CompareSeries> bars = r.kind->compare_series(r.header, notes);
  EXPECT_EQ(bars.size(), 20u);
  EXPECT_EQ(notes, std::vector<std::string>{"mechanism sud left out: the kernel refused it"});
  EXPECT_EQ(bars[2].variant, "rewrite/ioctl");
  EXPECT_EQ(bars[2].benchmark, "interpose");
  EXPECT_DOUBLE_EQ(*bars[2].round_trip,
                   series(mechanism(kind_of(r), "rewrite"), "ioctl").pass.stats.p50);
}

std::string output(const std::string& mechanism, const std::string& call, uint64_t hooked,
                   const std::string& percall_errors = "0", uint32_t id = 0xabc) {
  char run[16];
  std::snprintf(run, sizeof(run), "%08x", id);
  return "ioprobe run 00000abc iterations=100 warmup=10 cpu=1 variant=raw cmd=0xb850 format=2\n"
         "ioprobe floor min=60 p50=70 samples=100\n"
         "ioprobe total 00000abc calls=100 cycles=30000 cpu_start=1 cpu_end=1 migrations=0 "
         "errors=0\n"
         "ioprobe percall " +
         std::string(run) +
         " calls=100 min=1 p50=2 p99=3 max=4 negative=0 migrations=0 errors=" + percall_errors +
         "\nioprobe interpose " + run + " mechanism=" + mechanism + " call=" + call +
         " nr=16 result=-25 expected=-25 hooked=" + std::to_string(hooked) +
         " calls=320 helper=none helper_cpu=-1\n";
}

TEST(InterposeOutput, UsableRunsAndWhyOthersAreNot) {
  const InterposeRun ok =
      parse_interpose_output("rewrite", "ioctl", 1, output("rewrite", "ioctl", 320));
  ASSERT_TRUE(ok.pass.usable()) << ok.pass.failure;
  EXPECT_DOUBLE_EQ(ok.pass.cycles_per_call, 300);
  EXPECT_EQ(ok.percall->p99, 3);
  EXPECT_EQ(ok.hook->calls, 320u);
  EXPECT_EQ(ok.pass.rejected, 0u);

  auto failure = [](const std::string& mechanism, const std::string& text) {
    return parse_interpose_output(mechanism, "ioctl", 1, text).pass.failure;
  };
  EXPECT_EQ(failure("rewrite", output("rewrite", "ioctl", 319)),
            "rewrite intercepted 319 of the loop's 320 calls (want 320)");
  EXPECT_EQ(failure("raw", output("raw", "ioctl", 5)),
            "raw intercepted 5 of the loop's 320 calls (want 0)");
  EXPECT_EQ(failure("rewrite", output("rewrite", "ioctl", 320, "2")),
            "2 of 100 per-call results were not -25");
  EXPECT_EQ(failure("int3", output("rewrite", "ioctl", 320)),
            "the output is of mechanism rewrite with call ioctl");
  EXPECT_EQ(failure("rewrite", output("rewrite", "ioctl", 320, "0", 0xdef)),
            "no valid \"ioprobe percall\" line for run 00000abc");
  const InterposeRun bad =
      parse_interpose_output("rewrite", "ioctl", 1, output("rewrite", "ioctl", 320, "x"));
  EXPECT_EQ(bad.pass.failure, "no valid \"ioprobe percall\" line for run 00000abc");
  EXPECT_EQ(bad.pass.rejected, 1u);
}

TEST(InterposeOutput, ASkipLineIsARefusalNotAFailure) {
  const InterposeRun r = parse_interpose_output(
      "ptrace", "nosys", 1,
      "ioprobe skip mechanism=ptrace reason=PTRACE_SEIZE: Operation not permitted\n");
  ASSERT_TRUE(r.skipped.has_value());
  EXPECT_EQ(*r.skipped, "PTRACE_SEIZE: Operation not permitted");
  EXPECT_FALSE(r.pass.usable());
}

TEST(InterposeNames, ProgramsAndSeries) {
  EXPECT_EQ(interpose_program_name("raw"), std::string(kInterposeLoop));
  EXPECT_EQ(interpose_program_name("int3"), std::string(kInterposeLoop) + "-int3");
  EXPECT_EQ(interpose_program_name("seccomp-notify-sync"), std::string(kInterposeLoop));
  EXPECT_EQ(interpose_series_name("ptrace-sysemu", "nosys"), "ptrace-sysemu-nosys");
  EXPECT_TRUE(is_interpose_mechanism("seccomp-trace"));
  EXPECT_FALSE(is_interpose_mechanism("strace"));
}

}  // namespace
}  // namespace iprobe
