// The round-trip benchmark (MB1): every loop variant runs R times, one process per run, and
// prints its loop total; the collector derives cycles per call per run and statistics across
// runs (see run_stats.hpp for the definitions).
//
// Everything here is computed from the raw loop outputs DIR/raw/<variant>-<run>.log (run
// numbers 1..R), so the host re-derives a guest's results exactly as a native run's.
//
// Per run:  cycles_per_call = total_cycles / calls                    (default)
//           cycles_per_call = max(total_cycles - floor.min, 0) / calls (--subtract-floor)
// where floor.min is that run's own TSC floor: the cost of ONE back-to-back ordered read pair.
// The loop's total holds exactly one such pair (one stamp before the loop, one after), not one
// per call, so the floor is subtracted once from the total, before dividing.
//
// Per variant: RunStats over the usable runs' cycles per call; floor.min = the smallest floor
// min of its runs, floor.p50 = the median of its runs' floor p50s. Outlier runs (more than
// outlier_factor away from the variant's median, either direction) are flagged and kept.
// ratio_to_fastest = this variant's p50 / the smallest p50 of all variants.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pair/run_stats.hpp"
#include "plot/plot_csv.hpp"
#include "util/types.hpp"

namespace iprobe {

// Every known variant, in the order of the thesis figure (slowest path first).
// fncall-bound calls through a function pointer (a unikernel's sys_ioctl once bound by
// syscall-rewriter --bind; a local function otherwise).
inline constexpr std::array<std::string_view, 7> kRoundtripVariants = {
    "libc-glibc", "libc-musl", "raw", "freestanding", "fncall-bound", "fncall-lib", "fncall-same"};

// "loop-<variant>": the program of a variant in build/bin/ (and /bin/ in the guest).
std::string roundtrip_binary_name(std::string_view variant);
bool is_roundtrip_variant(std::string_view name);

// The raw stdout of run `run` (1-based) of `variant`: raw_dir/<variant>-<run>.log.
std::filesystem::path roundtrip_log_path(const std::filesystem::path& raw_dir,
                                         std::string_view variant, uint32_t run);

// One process of one variant, as read back from its stdout.
struct RoundtripRunResult {
  std::string variant;
  uint32_t run = 0;  // 1-based
  std::optional<RunHeader> header;
  std::optional<TscFloor> floor;
  std::optional<LoopTotal> total;
  uint64_t rejected = 0;       // malformed ioprobe lines
  std::string failure;         // why the run is unusable, "" when usable
  double cycles_per_call = 0;  // valid when failure is empty
  bool usable() const { return failure.empty(); }
};

// Parses the text of a loop's stdout. The LAST run header wins; its floor line and its total
// line (same run id) are used. A run without a total, or with calls == 0, is unusable (failure
// says why); so is, with subtract_floor, a run without a floor line.
RoundtripRunResult parse_roundtrip_output(std::string_view variant, uint32_t run,
                                          std::string_view text, bool subtract_floor);

struct VariantResult {
  std::string name;
  std::string binary;                    // program path that was run (host side)
  std::vector<RoundtripRunResult> runs;  // every attempted run, in run order
  RunStats stats;                        // over the usable runs' cycles per call
  std::optional<TscFloor> floor;         // min of floor mins, median of floor p50s, summed samples
  std::vector<uint32_t> outlier_runs;
  uint64_t migrations = 0;  // summed over usable runs
  uint64_t errors = 0;      // summed over usable runs
  std::optional<double> ratio_to_fastest;
  std::vector<double> usable_values() const;
};

// Aggregates the runs of one variant; appends the variant's warnings (failed runs, CPU
// migration, not pinned, unexpected call results, outliers) to `warnings`.
VariantResult aggregate_variant(std::string name, std::string binary,
                                std::vector<RoundtripRunResult> runs, double outlier_factor,
                                std::vector<std::string>& warnings);

struct RoundtripSummary {
  std::string scenario;
  uint64_t iterations = 0;
  uint64_t warmup = 0;
  uint32_t runs = 0;
  int cpu = -1;
  bool subtract_floor = false;
  double outlier_factor = 1.5;
  std::vector<VariantResult> variants;
  std::vector<std::string> missing_variants;
  std::optional<TscFloor> tsc_floor;  // over every usable run of every variant
  Environment environment;
  std::vector<std::string> warnings;
  std::vector<std::pair<std::string, std::string>> extra;  // written under "extra" as strings
};

// Sets ratio_to_fastest of every variant and the overall floor.
void finish_roundtrip_summary(RoundtripSummary& summary);

// Outputs. Throw std::runtime_error naming the path when it cannot be written.
void write_roundtrip_summary_json(std::ostream& out, const RoundtripSummary& summary);
void write_roundtrip_summary_json(const std::filesystem::path& path,
                                  const RoundtripSummary& summary);
// The reverse of write_roundtrip_summary_json, for `collector report`: everything but the
// per-run results of each variant (VariantResult::runs stays empty). Throws
// nlohmann::json::exception when a member is missing or of the wrong type.
RoundtripSummary read_roundtrip_summary_json(const nlohmann::ordered_json& json);
// Header kRunsCsvHeader (plot_csv.hpp, which reads the file back): exactly "variant,run,
// iterations,total_cycles,cycles_per_call,cpu_start,cpu_end,migrations,errors"; one row per
// usable run; iterations = the calls of the loop total.
void write_runs_csv(std::ostream& out, const RoundtripSummary& summary);
void write_runs_csv(const std::filesystem::path& path, const RoundtripSummary& summary);
void print_roundtrip_table(std::ostream& out, const RoundtripSummary& summary);

// What the report step needs besides the raw logs.
struct RoundtripReportInputs {
  std::string scenario;
  uint64_t iterations = 0;
  uint64_t warmup = 0;
  uint32_t runs = 0;
  int cpu = -1;
  bool subtract_floor = false;
  double outlier_factor = 1.5;
  std::vector<std::pair<std::string, std::string>> variants;  // {name, binary} that were run
  std::vector<std::string> missing_variants;
  Environment environment;
  std::vector<std::string> warnings;  // from the run itself (missing binaries, exits, QEMU)
  std::optional<double> wall_seconds;
  std::filesystem::path output_dir;  // raw logs are read from output_dir/raw/
  bool print_table = true;
  bool plots = true;  // off inside the guest, which has no gnuplot
};

// Reads output_dir/raw/<variant>-<run>.log for every variant and run, writes summary.json and
// runs.csv, prints the table, returns the exit status (0). Throws std::runtime_error when no
// run of any variant is usable.
RoundtripSummary build_roundtrip_summary(const RoundtripReportInputs& inputs);
int write_roundtrip_report(const RoundtripReportInputs& inputs);

}  // namespace iprobe
