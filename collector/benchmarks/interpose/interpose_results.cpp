// InterposeResults in each output, and read back from a results folder.
#include "benchmarks/interpose/interpose_results.hpp"

#include <map>
#include <stdexcept>
#include <tuple>

#include "results/csv_rows.hpp"

namespace iprobe {
namespace {

// runs.csv's rows as the loop totals and lines of the usable runs read from summary.json.
void attach_rows(InterposeResults& results, const std::filesystem::path& csv) {
  std::map<std::tuple<std::string, std::string, uint32_t>, std::pair<LoopRun*, CallSeries*>> usable;
  for (MechanismResult& m : results.mechanisms)
    for (CallSeries& c : m.calls)
      for (LoopRun& r : c.pass.runs)
        if (r.usable()) usable[{m.name, c.call, r.run}] = {&r, &c};
  std::ifstream in = open_results_file(csv);
  const std::vector<InterposeCsvRow> rows = parse_interpose_runs_csv(in, csv.string());
  for (const InterposeCsvRow& row : rows) {
    const auto it = usable.find({row.mechanism, row.call, row.pass.run});
    if (it == usable.end() || it->second.first->total)
      throw ResultsFileError(csv.string() + ": mechanism " + row.mechanism + " (" + row.call +
                             ") run " + std::to_string(row.pass.run) +
                             " is not a usable run of summary.json (or is listed twice); the "
                             "folder is corrupted — re-run the benchmark");
    auto& [run, series] = it->second;
    run->total = row.pass.total;
    run->floor = row.pass.floor;
    series->extras[row.pass.run] = row.extras;
  }
  if (rows.size() != usable.size())
    throw ResultsFileError(csv.string() + " holds " + std::to_string(rows.size()) +
                           " runs, summary.json " + std::to_string(usable.size()) +
                           "; the folder is corrupted — re-run the benchmark");
}

}  // namespace

void InterposeResults::write_summary_json(nlohmann::ordered_json& json,
                                          const ResultsHeader& header) const {
  write_interpose_summary_json(json, header, *this);
}

std::vector<CsvFile> InterposeResults::csv_files() const {
  for (const MechanismResult& m : mechanisms)
    for (const CallSeries& c : m.calls)
      for (const LoopRun& r : c.pass.runs)
        if (r.usable() && !r.total) return {};  // read from summary.json alone
  return {CsvFile{"runs.csv", "runs.csv",
                  [this](std::ostream& out) { write_interpose_runs_csv(out, *this); }}};
}

std::vector<PageSection> InterposeResults::page_sections() const {
  return {{"Mechanisms: cycles per call and the overhead over raw, per call",
           {"calls", "supervisor_cpu", "mechanisms", "missing_mechanisms"}},
          {"TSC floor", {"tsc_floor_cycles"}}};
}

void InterposeResults::print_table(std::ostream& out, const ResultsHeader& header) const {
  print_interpose_table(out, header, *this);
}

std::vector<CompareSeries> InterposeResults::compare_series(const ResultsHeader& header,
                                                            std::vector<std::string>& notes) const {
  std::vector<CompareSeries> series;
  for (const MechanismResult& m : mechanisms) {
    if (m.calls.empty() && m.skipped)
      notes.push_back("mechanism " + m.name + " left out: the kernel refused it");
    for (const CallSeries& c : m.calls) {
      if (c.pass.stats.n == 0) {
        notes.push_back("mechanism " + m.name + " (" + c.call + ") left out: no usable run");
        continue;
      }
      CompareSeries s{.scenario = header.scenario,
                      .benchmark = name(Benchmark::kInterpose),
                      .variant = m.name + "/" + c.call,
                      .statistic = kStatisticRuns,
                      .n = c.pass.stats.n};
      s.round_trip = c.pass.stats.p50;
      series.push_back(std::move(s));
    }
  }
  if (series.empty())
    throw std::runtime_error("has no usable run of any mechanism; see its summary.json and re-run");
  return series;
}

std::unique_ptr<const KindResults> read_interpose_results(const nlohmann::ordered_json& summary,
                                                          const std::filesystem::path& dir,
                                                          ReadDepth depth, ResultsHeader& header) {
  std::unique_ptr<InterposeResults> results = read_interpose_summary_json(summary, header);
  if (depth == ReadDepth::kWithSamples) attach_rows(*results, dir / "runs.csv");
  return results;
}

}  // namespace iprobe
