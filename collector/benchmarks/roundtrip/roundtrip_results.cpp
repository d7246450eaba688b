// RoundtripResults in each output, and read back from a results folder.
#include "benchmarks/roundtrip/roundtrip_results.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace iprobe {
namespace {

// runs.csv's rows as the loop totals of the usable runs read from summary.json.
void attach_totals(RoundtripResults& results, const std::filesystem::path& csv) {
  std::map<std::pair<std::string, uint32_t>, LoopRun*> usable;
  for (LoopSeries& v : results.variants)
    for (LoopRun& r : v.runs)
      if (r.usable()) usable[{v.name, r.run}] = &r;
  const std::vector<LoopRun> rows = read_runs_csv(csv);
  for (const LoopRun& row : rows) {
    const auto it = usable.find({row.name, row.run});
    if (it == usable.end() || it->second->total)
      throw ResultsFileError(csv.string() + ": variant " + row.name + " run " +
                             std::to_string(row.run) +
                             " is not a usable run of summary.json (or is listed twice); the "
                             "folder is corrupted — re-run the benchmark");
    it->second->total = row.total;
  }
  if (rows.size() != usable.size())
    throw ResultsFileError(csv.string() + " holds " + std::to_string(rows.size()) +
                           " runs, summary.json " + std::to_string(usable.size()) +
                           "; the folder is corrupted — re-run the benchmark");
}

}  // namespace

void RoundtripResults::write_summary_json(nlohmann::ordered_json& json,
                                          const ResultsHeader& header) const {
  write_roundtrip_summary_json(json, header, *this);
}

std::vector<CsvFile> RoundtripResults::csv_files() const {
  for (const LoopSeries& v : variants)
    for (const LoopRun& r : v.runs)
      if (r.usable() && !r.total) return {};  // read from summary.json alone
  return {
      CsvFile{"runs.csv", "runs.csv", [this](std::ostream& out) { write_runs_csv(out, *this); }}};
}

std::vector<PageSection> RoundtripResults::page_sections() const {
  return {{"Variants: cycles per call across the runs", {"variants", "missing_variants"}},
          {"TSC floor", {"tsc_floor_cycles"}}};
}

void RoundtripResults::print_table(std::ostream& out, const ResultsHeader& header) const {
  print_roundtrip_table(out, header, *this);
}

std::vector<CompareSeries> RoundtripResults::compare_series(const ResultsHeader& header,
                                                            std::vector<std::string>& notes) const {
  std::vector<CompareSeries> series;
  for (const LoopSeries& v : variants) {
    if (v.stats.n == 0) {
      notes.push_back("variant " + v.name + " left out: no usable run");
      continue;
    }
    CompareSeries s{.scenario = header.scenario,
                    .benchmark = name(Benchmark::kRoundtrip),
                    .variant = v.name,
                    .statistic = kStatisticRuns,
                    .n = v.stats.n};
    s.round_trip = v.stats.p50;
    series.push_back(std::move(s));
  }
  if (series.empty())
    throw std::runtime_error("has no usable run of any variant; see its summary.json and re-run");
  return series;
}

std::unique_ptr<const KindResults> read_roundtrip_results(const nlohmann::ordered_json& summary,
                                                          const std::filesystem::path& dir,
                                                          ReadDepth depth, ResultsHeader& header) {
  std::unique_ptr<RoundtripResults> results = read_roundtrip_summary_json(summary, header);
  if (depth == ReadDepth::kWithSamples) attach_totals(*results, dir / "runs.csv");
  return results;
}

}  // namespace iprobe
