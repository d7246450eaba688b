// The entry-latency benchmark's results: what summary.json holds of a run (EntrySummary), the
// pairs behind pairs.csv (a live run only) and the calls' same-CPU entry latencies the figures
// are drawn from (a live run, or pairs.csv read back).
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pair/anatomy.hpp"
#include "pair/pairing.hpp"
#include "results/results.hpp"
#include "util/types.hpp"

namespace iprobe {

// An extra probe of a cross-check run as summary.json "cross_check" holds it.
struct CrossCheckSummary {
  Probe probe = Probe::kTracepoint;
  uint64_t paired = 0;
  uint64_t lost = 0;
  uint64_t missing = 0;  // user stamps without a stamp of this probe
  uint64_t order_violations = 0;
  LatencyStats enter_gap;  // primary enter - this probe's enter
  LatencyStats exit_gap;   // this probe's exit - primary exit
};

struct EntrySummary {
  // The probes as the run named them (summary.json "probe", "patch,tracepoint"); empty when
  // not named (collector parse without --probe).
  std::vector<Probe> named_probes;
  std::optional<Mode> mode;  // empty when not known (collector parse)
  std::string loop;  // the userspace loop program, when known (e.g. entry-loop-freestanding)
  uint32_t runs = 1;
  RunCounts counts;
  std::vector<uint32_t> foreign_runs;
  LatencyStats latency;                        // over same-CPU pairs only
  std::vector<Probe> probes;                   // the pairing's, primary first
  std::optional<AnatomyStats> anatomy;         // absent when no pair has all four stamps
  std::vector<CrossCheckSummary> cross_check;  // one per extra probe
  std::optional<TscFloor> tsc_floor;
  std::optional<LoopTotal> total;  // round trip of the whole loop
};

// The same-CPU entry latencies (deltas) of the calls, ascending: what the figures are drawn from.
struct EntrySamples {
  uint64_t rows = 0;                     // pairs
  uint64_t cross_cpu = 0;                // pairs whose user and kernel CPU differ (not in deltas)
  uint64_t negative = 0;                 // same-CPU pairs with delta < 0 (kept in deltas)
  std::vector<int64_t> same_cpu_deltas;  // ascending
};

// The pairs of a live run, for pairs.csv.
struct EntryPairs {
  std::string primary = "kernel";  // the primary probe's name; "kernel" when unknown
  std::vector<Pair> pairs;
  std::vector<ExtraProbe> extra;  // each with at_pair as long as pairs
};

class EntryResults : public KindResults {
 public:
  EntrySummary summary;
  EntrySamples samples;
  std::optional<EntryPairs> pairs;  // live runs only

  void write_summary_json(nlohmann::ordered_json& json, const ResultsHeader& header) const override;
  std::vector<CsvFile> csv_files() const override;
  void print_table(std::ostream& out, const ResultsHeader& header) const override;
  FigureSet figures(const ResultsHeader& header, const FigureContext& context) const override;
  std::vector<CompareSeries> compare_series(const ResultsHeader& header,
                                            std::vector<std::string>& notes) const override;
  std::vector<PageSection> page_sections() const override;
};

// The results of a pairing: the run id, iterations and warm-up into `header`, the pairing's
// warnings after the header's; the counts, the latency and anatomy statistics over the same-CPU
// pairs, the cross-check of each extra probe; the pairs themselves (moved, not copied).
// named_probes, mode and loop stay for the caller.
std::unique_ptr<EntryResults> entry_results(PairingResult&& result, ResultsHeader& header);

// summary.json of an entry run (it has no "benchmark" member: entry summaries predate it).
void write_entry_summary_json(nlohmann::ordered_json& json, const ResultsHeader& header,
                              const EntrySummary& summary);
// The reverse, filling the header's scenario, run id and iterations. Throws
// nlohmann::json::exception or SummaryFormatError when a member is missing or wrong.
EntrySummary read_entry_summary_json(const nlohmann::ordered_json& json, ResultsHeader& header);
// Its members under the headings of index.html: latency, anatomy, accounting, floor.
std::vector<PageSection> entry_page_sections();

void print_entry_table(std::ostream& out, const ResultsHeader& header, const EntrySummary& summary);

// pairs.csv, one row per pair: "seq,cpu,kernel_cpu,u_before,u_after,<P>_enter,<P>_exit", then
// "<Q>_enter,<Q>_exit" for each extra probe Q in the order named, then
// "entry,kernel,exit,round_trip" of the primary probe P. cpu is the user-side CPU, kernel_cpu
// the primary probe's (same-CPU pairs make the latency statistics). A cell is empty where the
// value is absent (format-1 input: u_after, P_exit, kernel, exit, round_trip; a call an extra
// probe did not stamp).
inline constexpr const char* kPairsCsvHeaderShape =
    "seq,cpu,kernel_cpu,u_before,u_after,<P>_enter,<P>_exit[,<Q>_enter,<Q>_exit...],entry,kernel,"
    "exit,round_trip";
// pairs.csv as written before the anatomy (still read: older results folders).
inline constexpr const char* kLegacyPairsCsvHeader =
    "run,seq,cpu,kernel_cpu,user_tsc,kernel_tsc,delta";
std::string pairs_csv_header(std::string_view primary, std::span<const ExtraProbe> extra);
void write_pairs_csv(std::ostream& out, const EntryPairs& pairs);

// What the figures need from pairs.csv (which may hold millions of rows), in either layout;
// deltas ascending. `name` is how messages name the file. Throw ResultsFileError.
EntrySamples parse_pairs_csv(std::istream& in, const std::string& name);
EntrySamples read_pairs_csv(const std::filesystem::path& path);

// The entry kind's reader of a results folder (benchmarks/benchmark_table).
std::unique_ptr<const KindResults> read_entry_results(const nlohmann::ordered_json& summary,
                                                      const std::filesystem::path& dir,
                                                      ReadDepth depth, ResultsHeader& header);

}  // namespace iprobe
