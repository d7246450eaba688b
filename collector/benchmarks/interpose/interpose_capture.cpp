#include "benchmarks/interpose/interpose_capture.hpp"

#include <stdexcept>

#include "benchmarks/interpose/interpose_results.hpp"
#include "benchmarks/run_record.hpp"
#include "util/file_util.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

constexpr LoopRunsCapture::RecordKeys kRecordKeys{"mechanisms", "missing_mechanisms"};

// The runs of one mechanism, per call, in the runner's order (run by run, the calls of a run in
// turn). A missing output is a failed run, except after the kernel refused the mechanism: the
// runner made no more.
std::vector<std::vector<InterposeRun>> read_mechanism_runs(const fs::path& raw,
                                                           const std::string& mechanism,
                                                           const std::vector<std::string>& calls,
                                                           uint32_t runs) {
  std::vector<std::vector<InterposeRun>> by_call(calls.size());
  bool refused = false;
  for (uint32_t run = 1; run <= runs; ++run) {
    for (std::size_t c = 0; c < calls.size(); ++c) {
      const fs::path log = loop_log_path(raw, interpose_series_name(mechanism, calls[c]), run);
      if (!fs::exists(log)) {
        if (refused) return by_call;
        InterposeRun missing;
        missing.pass.name = interpose_series_name(mechanism, calls[c]);
        missing.pass.run = run;
        missing.pass.failure = "its output " + log.string() + " is missing";
        by_call[c].push_back(std::move(missing));
        continue;
      }
      by_call[c].push_back(
          parse_interpose_output(mechanism, calls[c], run, read_text_file(log, 1 << 20)));
      refused = refused || by_call[c].back().skipped.has_value();
    }
  }
  return by_call;
}

}  // namespace

Results InterposeCapture::summarize(const fs::path& output_dir) const {
  Results results{results_header(Benchmark::kInterpose), nullptr};
  ResultsHeader& h = results.header;
  h.iterations = iterations;
  h.warmup = warmup;
  h.cpu = cpu;
  auto kind = std::make_unique<InterposeResults>();
  kind->runs = runs;
  kind->outlier_factor = outlier_factor;
  kind->supervisor_cpu = supervisor_cpu;
  kind->calls = calls;
  kind->missing_mechanisms = missing_programs;
  const fs::path raw = output_dir / "raw";
  std::vector<std::string> derived;
  bool any_usable = false;
  for (const auto& [name, binary] : programs) {
    kind->mechanisms.push_back(aggregate_mechanism(
        name, binary, calls, read_mechanism_runs(raw, name, calls, runs), outlier_factor, derived));
    for (const CallSeries& c : kind->mechanisms.back().calls)
      any_usable = any_usable || c.pass.stats.n > 0;
  }
  if (!any_usable)
    throw std::runtime_error("no run of any mechanism was usable (see " + raw.string() +
                             "/*.log and *.err): check that the " + kInterposeLoop +
                             " programs run here");
  for (std::string& w : derived) h.warnings.push_back(std::move(w));
  kind->finish();
  results.kind = std::move(kind);
  return results;
}

Json InterposeCapture::record_json() const {
  Json json = loop_record_json(Benchmark::kInterpose, kRecordKeys);
  json["supervisor_cpu"] = supervisor_cpu;
  json["calls"] = calls;
  return json;
}

InterposeCapture InterposeCapture::read_record(const fs::path& raw) {
  const Json json = read_run_record(raw, Benchmark::kInterpose);
  return parse_run_record(raw, [&] {
    InterposeCapture c;
    c.read_loop_record(json, kRecordKeys);
    c.supervisor_cpu = json.at("supervisor_cpu").get<int>();
    c.calls = json.at("calls").get<std::vector<std::string>>();
    return c;
  });
}

}  // namespace iprobe
