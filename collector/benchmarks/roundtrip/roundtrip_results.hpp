// The round-trip benchmark: every loop variant runs R times, one process per run, and
// prints its loop total; the collector derives cycles per call per run and statistics across
// runs (see run_stats.hpp for the definitions).
//
// Everything here is computed from the raw loop outputs DIR/raw/<variant>-<run>.log (run
// numbers 1..R), so the host re-derives a guest's results exactly as a native run's.
//
// Per run and per variant: benchmarks/loop_runs/ (loop_run.hpp: cycles per call of a run, with
// or without the floor; loop_series.hpp: statistics across runs, floor, outliers).
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

#include "benchmarks/loop_runs/loop_run.hpp"
#include "benchmarks/loop_runs/loop_series.hpp"
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

class RoundtripResults : public KindResults {
 public:
  uint32_t runs = 0;  // processes per variant
  bool subtract_floor = false;
  double outlier_factor = 1.5;
  std::vector<LoopSeries> variants;
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
std::vector<LoopRun> parse_runs_csv(std::istream& in, const std::string& name);
std::vector<LoopRun> read_runs_csv(const std::filesystem::path& path);

// The round-trip kind's reader of a results folder (benchmarks/benchmark_table).
std::unique_ptr<const KindResults> read_roundtrip_results(const nlohmann::ordered_json& summary,
                                                          const std::filesystem::path& dir,
                                                          ReadDepth depth, ResultsHeader& header);

}  // namespace iprobe
