// The round-trip benchmark: every loop variant runs R times, one process per run, and
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
#include <iosfwd>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pair/run_stats.hpp"
#include "results/results.hpp"
#include "util/types.hpp"

namespace iprobe {

// Every known variant, in the order of the thesis figure (slowest path first).
// fncall-bound calls through a function pointer (a unikernel's sys_ioctl once bound by
// syscall-rewriter --bind; a local function otherwise).
inline constexpr std::array<std::string_view, 7> kRoundtripVariants = {
    "libc-glibc", "libc-musl", "raw", "freestanding", "fncall-bound", "fncall-lib", "fncall-same"};

// "roundtrip-loop-<variant>": the program of a variant in build/bin/ (and /bin/ in the guest).
std::string roundtrip_binary_name(std::string_view variant);
bool is_roundtrip_variant(std::string_view name);

// The raw stdout of run `run` (1-based) of `variant`: raw_dir/<variant>-<run>.log.
std::filesystem::path roundtrip_log_path(const std::filesystem::path& raw_dir,
                                         std::string_view variant, uint32_t run);

// One process of one variant, as read back from its stdout (or, for the figures, from a row of
// runs.csv: then without header and floor).
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
  // Over the usable runs' cycles per call. max is not in summary.json: read back, it comes
  // from runs.csv (ReadDepth::kWithSamples).
  RunStats stats;
  std::optional<TscFloor> floor;  // min of floor mins, median of floor p50s, summed samples
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

class RoundtripResults : public KindResults {
 public:
  uint32_t runs = 0;  // processes per variant
  bool subtract_floor = false;
  double outlier_factor = 1.5;
  std::vector<VariantResult> variants;
  std::vector<std::string> missing_variants;
  std::optional<TscFloor> tsc_floor;  // over every usable run of every variant

  // Sets ratio_to_fastest of every variant and the overall floor.
  void finish();

  void write_summary_json(nlohmann::ordered_json& json, const ResultsHeader& header) const override;
  std::vector<CsvFile> csv_files() const override;
  void print_table(std::ostream& out, const ResultsHeader& header) const override;
  FigureSet figures(const ResultsHeader& header, const FigureContext& context) const override;
  std::vector<CompareSeries> compare_series(const ResultsHeader& header,
                                            std::vector<std::string>& notes) const override;
  std::vector<PageSection> page_sections() const override;
};

// summary.json of a round-trip run.
void write_roundtrip_summary_json(nlohmann::ordered_json& json, const ResultsHeader& header,
                                  const RoundtripResults& results);
// The reverse, filling the header's scenario, iterations, warm-up and CPU; each variant's runs
// are its failed runs only (the usable ones are in runs.csv). Throws nlohmann::json::exception
// when a member is missing or of the wrong type.
std::unique_ptr<RoundtripResults> read_roundtrip_summary_json(const nlohmann::ordered_json& json,
                                                              ResultsHeader& header);
void print_roundtrip_table(std::ostream& out, const ResultsHeader& header,
                           const RoundtripResults& results);

// runs.csv: exactly this header; one row per usable run; iterations = the calls of the loop
// total.
inline constexpr const char* kRunsCsvHeader =
    "variant,run,iterations,total_cycles,cycles_per_call,cpu_start,cpu_end,migrations,errors";
void write_runs_csv(std::ostream& out, const RoundtripResults& results);
// Its rows as usable runs (total and cycles per call; no header, no floor). `name` is how
// messages name the file. Throw ResultsFileError.
std::vector<RoundtripRunResult> parse_runs_csv(std::istream& in, const std::string& name);
std::vector<RoundtripRunResult> read_runs_csv(const std::filesystem::path& path);

// The round-trip kind's reader of a results folder (benchmarks/benchmark_table).
std::unique_ptr<const KindResults> read_roundtrip_results(const nlohmann::ordered_json& summary,
                                                          const std::filesystem::path& dir,
                                                          ReadDepth depth, ResultsHeader& header);

}  // namespace iprobe
