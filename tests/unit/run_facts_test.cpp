// What a run did besides measuring, typed from the capture to summary.json and back: complete or
// not (and the exit status that goes with it), the probe choice, tracefs, stale instances and
// tracepoint_cost; and summaries of older collectors, which kept "incomplete" under "extra".
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "benchmarks/finish_run.hpp"
#include "benchmarks/loop_runs/loop_run.hpp"
#include "benchmarks/roundtrip/roundtrip_capture.hpp"
#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "benchmarks/run_record.hpp"
#include "results/header_json.hpp"
#include "results/json_file.hpp"
#include "results/run_facts_json.hpp"
#include "util/file_util.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

RunFacts every_fact() {
  RunFacts f;
  f.incomplete = "the loop was killed by signal 11 (SIGSEGV: Segmentation fault)";
  f.probe_choice = ProbeDecision{"auto",
                                 {Probe::kTracepoint},
                                 "neither the hook nor the module is available",
                                 {{Probe::kPatch, "no hook"}, {Probe::kModule, "no modules"}}};
  f.tracefs = TracefsUse{"/sys/kernel/tracing", true, "mounted for this run",
                         "ioprobe-0000abcd-12-345", "x86-tsc"};
  f.stale_trace_instances = StaleInstances{{"ioprobe-00000001-9-9"}, {"ioprobe-00000002"}};
  return f;
}

TracepointCost sample_cost() {
  TracepointCost c;
  c.cpu = 1;
  c.with_events = LoopRoundTrip{"user.log", LatencyStats{100, 600, 642, 650.5, 700, 900, 10}};
  c.without_before =
      LoopRoundTrip{"untraced-before.log", LatencyStats{100, 240, 246, 250.0, 260, 400, 3}};
  c.without_after =
      LoopRoundTrip{"untraced-after.log", LatencyStats{100, 240, 250, 252.0, 262, 410, 3}};
  return c;
}

ResultsHeader header_with(const RunFacts& facts) {
  ResultsHeader h;
  h.facts = facts;
  h.extra = {{"wall_seconds", "1.00"}};
  return h;
}

TEST(RunFacts, EveryFactSurvivesSummaryJson) {
  ResultsHeader h = header_with(every_fact());
  h.tracepoint_cost = sample_cost();
  Json json = Json::object();
  write_header_json(json, h);
  EXPECT_EQ(json["incomplete"], true);
  EXPECT_EQ(json["probe_choice"]["chosen"], "tracepoint");
  EXPECT_EQ(json["probe_choice"]["passed_over"]["module"], "no modules");
  EXPECT_EQ(json["tracefs"]["mounted_by_run"], true);
  EXPECT_EQ(json["stale_trace_instances"]["removed"][0], "ioprobe-00000001-9-9");
  // 642 minus the mean of 246 and 250; and the numbers it came from.
  EXPECT_DOUBLE_EQ(json["tracepoint_cost"]["p50_cycles"].get<double>(), 394.0);
  EXPECT_EQ(json["tracepoint_cost"]["without_events_after"]["round_trip"]["p50"], 250);

  ResultsHeader back;
  read_header_json(json, back);
  const RunFacts& f = back.facts;
  EXPECT_EQ(f.incomplete, h.facts.incomplete);
  ASSERT_TRUE(f.probe_choice && f.tracefs && f.stale_trace_instances && back.tracepoint_cost);
  EXPECT_EQ(f.probe_choice->chosen, h.facts.probe_choice->chosen);
  EXPECT_EQ(f.probe_choice->passed_over, h.facts.probe_choice->passed_over);
  EXPECT_EQ(f.tracefs->instance, "ioprobe-0000abcd-12-345");
  EXPECT_EQ(f.stale_trace_instances->unowned, std::vector<std::string>{"ioprobe-00000002"});
  EXPECT_DOUBLE_EQ(back.tracepoint_cost->p50_cycles(), 394.0);
  EXPECT_DOUBLE_EQ(back.tracepoint_cost->mean_cycles(), 650.5 - 251.0);
  EXPECT_EQ(back.extra, h.extra);
}

TEST(RunFacts, ACompleteRunSaysSoAndRecordsNothingItDidNotDo) {
  Json json = Json::object();
  write_header_json(json, header_with(RunFacts{}));
  EXPECT_EQ(json["incomplete"], false);
  for (const char* absent :
       {"incomplete_reason", "probe_choice", "tracefs", "stale_trace_instances", "tracepoint_cost"})
    EXPECT_FALSE(json.contains(absent)) << absent;
  EXPECT_FALSE(summary_incomplete_reason(json).has_value());
  ResultsHeader back;
  read_header_json(json, back);
  EXPECT_FALSE(back.facts.incomplete || back.facts.probe_choice || back.tracepoint_cost);
}

// Summaries written before "incomplete" was typed: the reason under "extra", or the stub of a
// run that produced nothing usable.
TEST(RunFacts, OlderSummariesStillReadAsIncomplete) {
  Json old = Json::object();
  write_header_json(old, header_with(RunFacts{}));
  old.erase("incomplete");
  old["extra"]["incomplete"] = "interrupted by signal 2 (Interrupt)";
  EXPECT_EQ(summary_incomplete_reason(old), "interrupted by signal 2 (Interrupt)");
  ResultsHeader back;
  read_header_json(old, back);
  EXPECT_EQ(back.facts.incomplete, "interrupted by signal 2 (Interrupt)");
  EXPECT_EQ(back.extra.size(), 1u);  // wall_seconds only: the reason moved to the typed member

  const Json stub = Json::parse(R"({"incomplete": true, "error": "no report: interrupted"})");
  EXPECT_EQ(summary_incomplete_reason(stub), "no report: interrupted");
  const Json now = Json::parse(R"({"incomplete": true, "incomplete_reason": "killed"})");
  EXPECT_EQ(summary_incomplete_reason(now), "killed");
}

// A round-trip capture of one usable run, in dir/raw.
RoundtripCapture one_run_capture(const fs::path& dir) {
  fs::remove_all(dir);
  fs::create_directories(dir / "raw");
  write_text_file(loop_log_path(dir / "raw", "raw", 1),
                  "ioprobe run 00000001 iterations=1000 warmup=10 cpu=1 variant=raw cmd=0xb810\n"
                  "ioprobe total 00000001 calls=1000 cycles=400000 cpu_start=1 cpu_end=1 "
                  "migrations=0 errors=0\n");
  RoundtripCapture capture;
  capture.scenario = "linux";
  capture.iterations = 1000;
  capture.runs = 1;
  capture.programs = {{"raw", "/b/loop-raw"}};
  return capture;
}

TEST(RunFacts, TheExitStatusAndTheSummaryAgree) {
  const fs::path dir = fs::temp_directory_path() / "iprobe_run_facts_exit";
  RoundtripCapture capture = one_run_capture(dir);
  EXPECT_EQ(report_capture(capture, ReportOptions{dir, false, false}), 0);
  EXPECT_EQ(read_json_file(dir / "summary.json")["incomplete"], false);

  capture.facts.incomplete = "variant raw run 2: the loop was killed by signal 9";
  EXPECT_EQ(report_capture(capture, ReportOptions{dir, false, false}), kExitIncomplete);
  const Json summary = read_json_file(dir / "summary.json");
  EXPECT_EQ(summary["incomplete"], true);
  EXPECT_EQ(summary["incomplete_reason"], *capture.facts.incomplete);
  fs::remove_all(dir);
}

// A loop killed before it printed anything: no results, still a summary that says why, and the
// run's record keeps the reason for `collector report` and the host of a guest.
TEST(RunFacts, AKilledRunWithoutUsableLogsGetsAStubAndANonZeroStatus) {
  const fs::path dir = fs::temp_directory_path() / "iprobe_run_facts_stub";
  RoundtripCapture capture = one_run_capture(dir);
  fs::remove_all(dir / "raw");
  capture.facts.incomplete = "variant raw run 1: the loop was killed by signal 11";
  RunOptions options;
  options.output_dir = dir;
  options.quiet = true;
  EXPECT_EQ(finish_run(capture, options), kExitIncomplete);
  const Json summary = read_json_file(dir / "summary.json");
  EXPECT_EQ(summary_incomplete_reason(summary), *capture.facts.incomplete);
  EXPECT_NE(summary["error"].get<std::string>().find("no results: no run of any variant"),
            std::string::npos)
      << summary.dump();
  EXPECT_EQ(RoundtripCapture::read_record(dir / "raw").facts.incomplete, capture.facts.incomplete);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace iprobe
