// The interposition benchmark (doc/interposition.md): the round trip's raw loop with
// its call hooked by each interposition mechanism (interpose-loop, userspace-loop/interpose/),
// for two calls (the probe's do-nothing ioctl, and system call 500 that no kernel assigns), every
// mechanism and call --runs times, one process per run, interleaved.
//
// Everything here is computed from the raw loop outputs DIR/raw/<mechanism>-<call>-<run>.log, so
// the host re-derives a guest's results exactly as a native run's. Each output holds the round
// trip's run, floor and total lines (the total pass), then the per-call pass's `percall` line and
// the `interpose` line (include/ioctl_probe/ioctl_probe.h); a mechanism the kernel refuses prints
// one `skip` line instead.
//
// Per mechanism and call:
//   cycles_per_call  statistics across runs of total / calls (benchmarks/loop_runs/), like the
//                    round trip's variants.
//   per_call         the median across runs of each run's per-call p50, and of its p99 (the loop
//                    prints its percentiles, not its stamps); min and max are the extremes over
//                    the runs. Each value is after - before of an ordered stamp pair: it
//                    includes the TSC floor once.
//   overhead_vs_raw  from one statistic for both, the trampoline benchmark's: the median across
//                    runs of (total - floor.min) / calls, this run's TSC floor subtracted once
//                    from its total; cycles = mechanism - raw, ratio = mechanism / raw, raw
//                    measured with the same call; min_cycles = the same difference of the
//                    runs' smallest values. per_call_p50_cycles = per_call.p50 - raw's (the
//                    floor cancels).
//   hooked, calls    summed over the usable runs: calls the mechanism intercepted, calls the
//                    loop made (warm-ups included); a run where they differ (raw: hooked != 0)
//                    is not usable.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "benchmarks/loop_runs/loop_run.hpp"
#include "benchmarks/loop_runs/loop_series.hpp"
#include "results/results.hpp"

namespace iprobe {

// Every mechanism, in the order interpose-loop runs them (doc/interposition.md).
inline constexpr std::array<std::string_view, 11> kInterposeMechanisms = {
    "raw",           "rewrite",      "rewrite-emulate", "int3",
    "sud",           "seccomp-trap", "seccomp-notify",  "seccomp-notify-sync",
    "seccomp-trace", "ptrace",       "ptrace-sysemu"};
// The two calls: interpose-loop --call ioctl|nosys.
inline constexpr std::array<std::string_view, 2> kInterposeCalls = {"ioctl", "nosys"};
inline constexpr const char* kInterposeLoop = "interpose-loop";
// The per-call pass's largest size (interpose-loop --percall, MAX_PERCALL).
inline constexpr uint64_t kInterposeMaxPercall = 10'000'000;
// What the ioctl call is issued on (interpose_main.c opens it).
inline constexpr const char* kInterposeDevice = "/dev/null";

bool is_interpose_mechanism(std::string_view name);
// The program that runs `mechanism`: interpose-loop-<mechanism> for the ones syscall-rewriter
// patched at build time (rewrite, rewrite-emulate, int3), interpose-loop for the others.
std::string interpose_program_name(std::string_view mechanism);
// "<mechanism>-<call>": names the series' logs, raw/<series>-<run>.log.
std::string interpose_series_name(std::string_view mechanism, std::string_view call);

// ioprobe percall <run> calls= min= p50= p99= max= negative= migrations= errors=
struct PercallLine {
  uint32_t run = 0;
  uint64_t calls = 0;
  int64_t min = 0, p50 = 0, p99 = 0, max = 0;
  uint64_t negative = 0, migrations = 0, errors = 0;
};

// ioprobe interpose <run> mechanism= call= nr= result= expected= hooked= calls= helper=
// helper_cpu=
struct HookLine {
  uint32_t run = 0;
  std::string mechanism;
  std::string call;
  uint32_t nr = 0;
  int64_t result = 0, expected = 0;
  uint64_t hooked = 0, calls = 0;
  std::string helper;   // none, supervisor, tracer
  int helper_cpu = -1;  // -1 without a helper
};

// One process: its total pass (whose failure makes the whole run unusable) and its other lines.
struct InterposeRun {
  LoopRun pass;
  std::optional<PercallLine> percall;
  std::optional<HookLine> hook;
  std::optional<std::string> skipped;  // the kernel refused the mechanism: why
};

// Parses a interpose-loop output. The run is usable when the total pass is, the percall and
// interpose lines of the same run id are there, name this mechanism and call, and the
// mechanism intercepted exactly the loop's calls (raw: none) with every per-call result the
// expected one.
InterposeRun parse_interpose_output(std::string_view mechanism, std::string_view call, uint32_t run,
                                    std::string_view text);

struct PerCallStats {
  uint64_t calls = 0;  // stamped calls, summed over the runs
  double p50 = 0;      // median across runs of the run's p50
  double p99 = 0;      // median across runs of the run's p99
  int64_t min = 0;     // smallest min of the runs
  int64_t max = 0;     // largest max of the runs
  uint64_t negative = 0;
};

struct Overhead {
  double mechanism = 0;         // median across runs of the floor-subtracted cycles per call
  double raw = 0;               // the same for raw with the same call
  double cycles = 0;            // mechanism - raw
  std::optional<double> ratio;  // mechanism / raw (raw > 0)
  // The same difference of the smallest floor-subtracted cycles per call: on a busy host the
  // steadiest of the totals (a run only gets slower from what else runs).
  double min_cycles = 0;
  std::optional<double> per_call_p50_cycles;  // per_call.p50 - raw's
};

// What the usable runs' percall and interpose lines hold, per run (runs.csv's extra columns).
struct RunExtras {
  PercallLine percall;
  HookLine hook;
};

// One mechanism with one call.
struct CallSeries {
  std::string call;  // ioctl | nosys
  LoopSeries pass;   // its total pass across runs; pass.name = "<mechanism>-<call>"
  std::map<uint32_t, RunExtras> extras;  // by run number, usable runs only
  std::optional<PerCallStats> per_call;  // none without a usable run
  std::optional<Overhead> overhead_vs_raw;
  uint64_t hooked = 0;
  uint64_t calls = 0;
  std::optional<uint32_t> nr;       // the system call number the loop made
  std::optional<uint32_t> command;  // ioctl: the command of the run header
  std::optional<int64_t> result;    // the first per-call result of the first usable run
  std::optional<int64_t> expected;  // what the loop expected
};

struct MechanismResult {
  std::string name;
  std::string binary;
  std::string helper;                  // none, supervisor, tracer ("" when no run told)
  std::vector<int> helper_cpus;        // where its helper ran, one entry per distinct CPU
  std::optional<std::string> skipped;  // the kernel refused it: why
  std::vector<CallSeries> calls;
};

class InterposeResults : public KindResults {
 public:
  uint32_t runs = 0;  // processes per mechanism and call
  double outlier_factor = 1.5;
  int supervisor_cpu = -1;         // where supervisors and tracers were asked to run
  std::vector<std::string> calls;  // the calls measured, in order
  std::vector<MechanismResult> mechanisms;
  std::vector<std::string> missing_mechanisms;  // program not found
  std::optional<TscFloor> tsc_floor;            // over every usable run

  // Sets each series' overhead over raw (same call) and the overall floor.
  void finish();

  void write_summary_json(nlohmann::ordered_json& json, const ResultsHeader& header) const override;
  std::vector<CsvFile> csv_files() const override;
  void print_table(std::ostream& out, const ResultsHeader& header) const override;
  FigureSet figures(const ResultsHeader& header, const FigureContext& context) const override;
  std::vector<CompareSeries> compare_series(const ResultsHeader& header,
                                            std::vector<std::string>& notes) const override;
  std::vector<PageSection> page_sections() const override;
};

// One mechanism from its processes' outputs (runs[c] for calls[c], run order): series per call,
// helper, skip; its warnings appended.
MechanismResult aggregate_mechanism(const std::string& name, const std::string& binary,
                                    const std::vector<std::string>& calls,
                                    std::vector<std::vector<InterposeRun>> runs,
                                    double outlier_factor, std::vector<std::string>& warnings);

// summary.json, and the reverse (filling the header's scenario, iterations, warm-up and CPU;
// the usable runs have their cycles per call only: their lines are in runs.csv). Throws
// nlohmann::json::exception when a member is missing or of the wrong type.
void write_interpose_summary_json(nlohmann::ordered_json& json, const ResultsHeader& header,
                                  const InterposeResults& results);
std::unique_ptr<InterposeResults> read_interpose_summary_json(const nlohmann::ordered_json& json,
                                                              ResultsHeader& header);
void print_interpose_table(std::ostream& out, const ResultsHeader& header,
                           const InterposeResults& results);

// runs.csv: exactly this header; one row per usable process.
inline constexpr const char* kInterposeRunsCsvHeader =
    "mechanism,call,run,iterations,total_cycles,cycles_per_call,floor_min,percall_calls,"
    "percall_min,percall_p50,percall_p99,percall_max,percall_negative,hooked,calls,result,"
    "helper_cpu,cpu_start,cpu_end,migrations,errors";
void write_interpose_runs_csv(std::ostream& out, const InterposeResults& results);
// Its rows, each with its mechanism, call, total, floor min and lines. `name` is how messages
// name the file. Throw ResultsFileError.
struct InterposeCsvRow {
  std::string mechanism;
  std::string call;
  LoopRun pass;
  RunExtras extras;
};
std::vector<InterposeCsvRow> parse_interpose_runs_csv(std::istream& in, const std::string& name);

// The interposition kind's reader of a results folder (benchmarks/benchmark_table).
std::unique_ptr<const KindResults> read_interpose_results(const nlohmann::ordered_json& summary,
                                                          const std::filesystem::path& dir,
                                                          ReadDepth depth, ResultsHeader& header);

}  // namespace iprobe
