// Folder results/: the results of one run in memory, whatever the benchmark kind: a header every
// kind shares (ResultsHeader) and the kind's own part (KindResults, implemented in
// benchmarks/<kind>/). A live run builds them from its capture; `collector report` and
// `collector compare` read them once from summary.json (plus the CSV the figures need). The
// exporters (export/) write every output from them. Also here: the JSON and CSV helpers the
// kinds share. Uses plot/ (the figure description), env/ and util/.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "plot/figure.hpp"
#include "results/compare_series.hpp"
#include "util/enums.hpp"
#include "util/run_facts.hpp"
#include "util/types.hpp"

namespace iprobe {

// The round trip of one loop process, per call (u_after - u_before of its measured calls).
struct LoopRoundTrip {
  std::string log;  // its stdout, by file name in raw/
  LatencyStats cycles;
};

// What the syscall tracepoints add to a call: the same loop on the same CPU, traced, and right
// before and right after it with the events off. The cost is the traced figure minus the mean
// of the two untraced ones (their difference says how much the machine drifted meanwhile).
struct TracepointCost {
  int cpu = -1;
  LoopRoundTrip with_events;
  LoopRoundTrip without_before;
  LoopRoundTrip without_after;
  [[nodiscard]] double p50_cycles() const {
    return static_cast<double>(with_events.cycles.p50) -
           (static_cast<double>(without_before.cycles.p50) +
            static_cast<double>(without_after.cycles.p50)) /
               2;
  }
  [[nodiscard]] double mean_cycles() const {
    return with_events.cycles.mean - (without_before.cycles.mean + without_after.cycles.mean) / 2;
  }
};

// What the results of every benchmark kind carry.
struct ResultsHeader {
  Benchmark benchmark = Benchmark::kEntry;
  // As the results name it: a scenario's name, hermitux-rewritten (--rewrite), or parse.
  std::string scenario;
  std::optional<uint32_t> run_id;  // the id tagging the run's stamps, when it has one
  uint64_t iterations = 0;         // measured calls (of each run)
  std::optional<uint64_t> warmup;  // unmeasured calls before them, when recorded
  int cpu = -1;                    // CPU the loop was pinned to, -1 = not recorded
  Environment environment;
  std::vector<std::string> warnings;
  std::vector<std::pair<std::string, std::string>> extra;  // summary.json "extra", strings
  // collector parse --strict: the anomaly that fails the logs (exit status 3); not written.
  std::optional<std::string> strict_violation;
  // Complete or not, the probe choice, what the run did to tracefs (util/run_facts.hpp).
  RunFacts facts;
  std::optional<TracepointCost> tracepoint_cost;  // --scenario linux --probe tracepoint
  // What every kind records next (provenance, ...) goes here as typed members, written and
  // read with the others by results/header_json.
};

// A data file of per-call or per-run rows (pairs.csv, runs.csv), written by the CSV exporter.
struct CsvFile {
  const char* name;  // file name in the results folder
  const char* what;  // how errors name it
  std::function<void(std::ostream&)> write;
};

// A heading of index.html (export/html_export) and the summary.json members shown under it.
struct PageSection {
  std::string title;                 // "Per-call anatomy"
  std::vector<std::string> members;  // summary.json members, in the order shown
};

// The part of the results that belongs to one benchmark kind: its figures and what it measured,
// and how it appears in each output. Each kind implements it in benchmarks/<kind>/.
class KindResults {
 public:
  KindResults() = default;
  virtual ~KindResults() = default;

  // summary.json: the kind's members in their order (header members where the kind places
  // them); write_header_json appends the common ones.
  virtual void write_summary_json(nlohmann::ordered_json& json,
                                  const ResultsHeader& header) const = 0;
  // Its CSV files; none when the results were read back (the files are the source then).
  virtual std::vector<CsvFile> csv_files() const = 0;
  // The table printed after a run, and again by `collector report`.
  virtual void print_table(std::ostream& out, const ResultsHeader& header) const = 0;
  virtual FigureSet figures(const ResultsHeader& header, const FigureContext& context) const = 0;
  // Its bars in `collector compare`; a note for each part left out (e.g. a variant with no
  // usable run). Throws std::runtime_error when there is nothing to compare.
  virtual std::vector<CompareSeries> compare_series(const ResultsHeader& header,
                                                    std::vector<std::string>& notes) const = 0;
  // index.html: the kind's summary.json members grouped under headings. Every member not named
  // is shown too, under the run's parameters; a kind that names none gets that layout only.
  [[nodiscard]] virtual std::vector<PageSection> page_sections() const { return {}; }

 protected:
  // A kind's results copy and move as themselves, never sliced through this base.
  KindResults(const KindResults&) = default;
  KindResults(KindResults&&) = default;
  KindResults& operator=(const KindResults&) = default;
  KindResults& operator=(KindResults&&) = default;
};

struct Results {
  ResultsHeader header;
  std::unique_ptr<const KindResults> kind;  // never null
};

// How much of a results folder a reader loads: summary.json alone (compare), or also the
// per-call or per-run CSV its figures need (report).
enum class ReadDepth : uint8_t { kSummary, kWithSamples };

// A results file that is missing, empty or malformed. what() is a complete one-line message.
class ResultsFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A summary.json member this collector does not write that way (an unknown probe or mode name,
// ...); what() says which. Readers treat it as they treat nlohmann::json::exception.
class SummaryFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace iprobe
