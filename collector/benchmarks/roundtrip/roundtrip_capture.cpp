#include "benchmarks/roundtrip/roundtrip_capture.hpp"

#include <stdexcept>

#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "benchmarks/run_record.hpp"
#include "util/file_util.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

constexpr LoopRunsCapture::RecordKeys kRecordKeys{"variants", "missing_variants"};

// The runs of one variant from their outputs; a missing output is a failed run.
std::vector<LoopRun> read_runs(const fs::path& raw, const std::string& variant, uint32_t runs,
                               bool subtract_floor) {
  std::vector<LoopRun> results;
  for (uint32_t run = 1; run <= runs; ++run) {
    const fs::path log = loop_log_path(raw, variant, run);
    if (!fs::exists(log)) {
      LoopRun missing;
      missing.name = variant;
      missing.run = run;
      missing.failure = "its output " + log.string() + " is missing";
      results.push_back(std::move(missing));
      continue;
    }
    results.push_back(
        parse_loop_output(variant, run, read_text_file(log, 1 << 20), subtract_floor));
  }
  return results;
}

}  // namespace

Results RoundtripCapture::summarize(const fs::path& output_dir) const {
  Results results{results_header(Benchmark::kRoundtrip), nullptr};
  ResultsHeader& h = results.header;
  h.iterations = iterations;
  h.warmup = warmup;
  h.cpu = cpu;
  auto kind = std::make_unique<RoundtripResults>();
  kind->runs = runs;
  kind->subtract_floor = subtract_floor;
  kind->outlier_factor = outlier_factor;
  kind->missing_variants = missing_programs;
  const fs::path raw = output_dir / "raw";
  std::vector<std::string> derived;
  bool any_usable = false;
  for (const auto& [name, binary] : programs) {
    kind->variants.push_back(aggregate_loop_runs(
        name, binary, read_runs(raw, name, runs, subtract_floor), outlier_factor, derived));
    any_usable = any_usable || kind->variants.back().stats.n > 0;
  }
  if (!any_usable)
    throw std::runtime_error(
        "no run of any variant produced a loop total (see " + raw.string() +
        "/*.log and *.err): check that the roundtrip-loop-* programs run here");
  for (std::string& w : derived) h.warnings.push_back(std::move(w));
  kind->finish();
  results.kind = std::move(kind);
  return results;
}

Json RoundtripCapture::record_json() const {
  Json json = loop_record_json(Benchmark::kRoundtrip, kRecordKeys);
  json["subtract_floor"] = subtract_floor;
  return json;
}

RoundtripCapture RoundtripCapture::read_record(const fs::path& raw) {
  const Json json = read_run_record(raw, Benchmark::kRoundtrip);
  return parse_run_record(raw, [&] {
    RoundtripCapture c;
    c.read_loop_record(json, kRecordKeys);
    c.subtract_floor = json.at("subtract_floor").get<bool>();
    return c;
  });
}

}  // namespace iprobe
