// Folder benchmarks/: the benchmark kinds, as a table like `perf bench`'s, and one folder per
// kind (entry/, roundtrip/, interpose/) holding all of that kind: its runner in each scenario
// (which uses the scenarios' services), its capture (raw/run.json), its results (summary.json
// members, CSV files, table, figures, compare bars) and its reader of a results folder. Also
// what the kinds that run a loop process per run share (loop_runs/) and the one closing path of
// every run (finish_run). Uses scenarios/, export/, results/ and below; only app/ includes it.
//
// The table of benchmark kinds.
//
// What a kind provides (to add one, e.g. the interposition benchmark):
//   1. its value and name in util/enums.hpp (Benchmark, kBenchmarkNames);
//   2. a folder benchmarks/NAME/ with
//      - a runner per scenario it supports (CaptureRunner): captures a run there, its raw logs
//        into DIR/raw/, and returns its Capture subclass: record_json() (raw/run.json) and
//        summarize() (its Results, from the raw logs read once);
//      - its KindResults subclass: its summary.json members, CSV files, console table, figures
//        and compare bars;
//      - its reader: summary.json (+ its CSV for the figures) back into its KindResults;
//   3. one row in kBenchmarkKinds (benchmark_table.cpp), with its runners; `collector suite`
//      then runs it in every scenario of its runners that the machine can run (its own
//      suite_steps says how, e.g. one step per probe; without, it runs with its defaults).
// No exporter, no command and no other kind changes; its options on the command line are parsed
// in app/cli (by hand there, not yet from this table) into RunOptions members, which
// scenarios/common/run_options_json carries to the QEMU guest (doc/architecture.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>
#include <vector>

#include "benchmarks/capture.hpp"
#include "benchmarks/suite_steps.hpp"
#include "results/results.hpp"
#include "scenarios/common/run_options.hpp"

namespace iprobe {

struct ScenarioRunner {
  ScenarioId scenario;
  CaptureRunner capture;
};

struct BenchmarkKind {
  Benchmark benchmark;
  std::string_view description;    // one line of --help
  std::string_view output_prefix;  // default results folder: results/<prefix><scenario>-TIME
  uint64_t default_iterations;     // --iterations when not given
  std::span<const ScenarioRunner> runners;
  // The options that apply to this kind only (the command line refuses them for the others).
  std::span<const std::string_view> own_options;
  // Its part of a results folder, from summary.json (the header's common members already read).
  std::unique_ptr<const KindResults> (*read)(const nlohmann::ordered_json& summary,
                                             const std::filesystem::path& dir, ReadDepth depth,
                                             ResultsHeader& header);
  // `collector suite`: its steps in one scenario (suite_steps.hpp); nullptr: default_suite_steps.
  std::vector<SuiteStepSpec> (*suite_steps)(ScenarioId scenario, SuiteSize size,
                                            const MachineFacts& facts) = nullptr;
};

std::span<const BenchmarkKind> benchmark_kinds();
const BenchmarkKind& benchmark_kind(Benchmark benchmark);

// Runs options.benchmark in options.scenario through the closing path; returns the exit status.
int run_measurement(const RunOptions& options);

// The results of a results folder from its summary.json (parsed once by the caller), and with
// kWithSamples also the CSV its figures need. Throws SummaryFormatError (what() says what is
// wrong) for a summary this collector does not write, ResultsFileError for a missing or
// malformed CSV.
Results read_results(const nlohmann::ordered_json& summary, const std::filesystem::path& dir,
                     ReadDepth depth);

}  // namespace iprobe
