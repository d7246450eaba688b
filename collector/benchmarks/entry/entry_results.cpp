#include "benchmarks/entry/entry_results.hpp"

#include <algorithm>
#include <stdexcept>

#include "pair/statistics.hpp"

namespace iprobe {
namespace {

EntrySamples samples_of(std::span<const Pair> pairs, std::vector<int64_t> same_cpu) {
  EntrySamples samples;
  samples.rows = pairs.size();
  samples.cross_cpu = pairs.size() - same_cpu.size();
  samples.negative = static_cast<uint64_t>(
      std::count_if(same_cpu.begin(), same_cpu.end(), [](int64_t d) { return d < 0; }));
  sort_latencies(same_cpu);
  samples.same_cpu_deltas = std::move(same_cpu);
  return samples;
}

}  // namespace

std::unique_ptr<EntryResults> entry_results(PairingResult&& result, ResultsHeader& header) {
  header.run_id = result.run;
  header.iterations = result.header.iterations;
  header.warmup = result.header.warmup;
  for (std::string& warning : result.warnings) header.warnings.push_back(std::move(warning));

  auto out = std::make_unique<EntryResults>();
  EntrySummary& s = out->summary;
  s.counts = result.counts;
  s.foreign_runs = result.foreign_runs;
  std::vector<int64_t> same_cpu = same_cpu_deltas(result.pairs);
  s.latency = compute_latency_stats_in_place(same_cpu);  // reorders; samples_of sorts it
  s.tsc_floor = result.floor;
  s.total = result.total;
  s.probes = result.probes;
  s.anatomy = anatomy_stats(result.pairs);
  for (const ExtraProbe& probe : result.extra_probes) {
    const CrossCheckGaps gaps = cross_check_gaps(result.pairs, probe);
    s.cross_check.push_back(CrossCheckSummary{probe.source, probe.counts.paired, probe.counts.lost,
                                              probe.counts.missing, probe.counts.order_violations,
                                              gaps.enter_gap, gaps.exit_gap});
  }
  out->samples = samples_of(result.pairs, std::move(same_cpu));
  EntryPairs pairs;
  if (result.source) pairs.primary = name(*result.source);
  pairs.pairs = std::move(result.pairs);
  pairs.extra = std::move(result.extra_probes);
  out->pairs = std::move(pairs);
  return out;
}

void EntryResults::write_summary_json(nlohmann::ordered_json& json,
                                      const ResultsHeader& header) const {
  write_entry_summary_json(json, header, summary);
}

std::vector<CsvFile> EntryResults::csv_files() const {
  if (!pairs) return {};
  return {
      CsvFile{"pairs.csv", "pairs", [this](std::ostream& out) { write_pairs_csv(out, *pairs); }}};
}

std::vector<PageSection> EntryResults::page_sections() const { return entry_page_sections(); }

void EntryResults::print_table(std::ostream& out, const ResultsHeader& header) const {
  print_entry_table(out, header, summary);
}

std::vector<CompareSeries> EntryResults::compare_series(const ResultsHeader& header,
                                                        std::vector<std::string>& /*notes*/) const {
  const EntrySummary& s = summary;
  if (s.latency.n == 0)
    throw std::runtime_error("has no paired call (" + std::to_string(s.counts.paired) + " of " +
                             std::to_string(s.counts.expected) +
                             " paired, none on the same CPU); see its summary.json and re-run");
  CompareSeries series{.scenario = header.scenario,
                       .benchmark = name(Benchmark::kEntry),
                       .variant = "entry " + probe_list_name(s.named_probes) + "/" +
                                  (s.mode ? name(*s.mode) : std::string()),
                       .statistic = kStatisticCalls,
                       .n = s.latency.n};
  series.entry = static_cast<double>(s.latency.p50);
  // Format 2: the stamps after the call split the round trip (format-v2.md); the parts are
  // medians over the same-CPU calls that have all four stamps.
  if (s.anatomy) {
    series.n = s.anatomy->round_trip.n;
    series.entry = static_cast<double>(s.anatomy->entry.p50);
    series.kernel = static_cast<double>(s.anatomy->kernel.p50);
    series.exit = static_cast<double>(s.anatomy->exit.p50);
    series.round_trip = static_cast<double>(s.anatomy->round_trip.p50);
  }
  return {series};
}

std::unique_ptr<const KindResults> read_entry_results(const nlohmann::ordered_json& summary,
                                                      const std::filesystem::path& dir,
                                                      ReadDepth depth, ResultsHeader& header) {
  auto out = std::make_unique<EntryResults>();
  out->summary = read_entry_summary_json(summary, header);
  header.cpu = header.environment.cpu;
  if (depth == ReadDepth::kWithSamples) out->samples = read_pairs_csv(dir / "pairs.csv");
  return out;
}

}  // namespace iprobe
