#include "benchmarks/roundtrip/roundtrip_capture.hpp"

#include <stdexcept>

#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "benchmarks/run_record.hpp"
#include "env/environment_json.hpp"
#include "results/run_facts_json.hpp"
#include "util/file_util.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

// The runs of one variant from their outputs; a missing output is a failed run.
std::vector<RoundtripRunResult> read_runs(const fs::path& raw, const std::string& variant,
                                          uint32_t runs, bool subtract_floor) {
  std::vector<RoundtripRunResult> results;
  for (uint32_t run = 1; run <= runs; ++run) {
    const fs::path log = roundtrip_log_path(raw, variant, run);
    if (!fs::exists(log)) {
      RoundtripRunResult missing;
      missing.variant = variant;
      missing.run = run;
      missing.failure = "its output " + log.string() + " is missing";
      results.push_back(std::move(missing));
      continue;
    }
    results.push_back(
        parse_roundtrip_output(variant, run, read_text_file(log, 1 << 20), subtract_floor));
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
  kind->missing_variants = missing_variants;
  const fs::path raw = output_dir / "raw";
  std::vector<std::string> derived;
  bool any_usable = false;
  for (const auto& [name, binary] : variants) {
    kind->variants.push_back(aggregate_variant(
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
  Json json{{"benchmark", name(Benchmark::kRoundtrip)},
            {"scenario", scenario},
            {"iterations", iterations},
            {"warmup", warmup},
            {"runs", runs},
            {"cpu", cpu},
            {"subtract_floor", subtract_floor},
            {"outlier_factor", outlier_factor}};
  json["variants"] = pairs_json(variants);
  json["missing_variants"] = missing_variants;
  json["wall_seconds"] = wall_seconds ? Json(*wall_seconds) : Json(nullptr);
  json["warnings"] = warnings;
  write_run_facts(json, facts);
  json["environment"] = environment;
  return json;
}

RoundtripCapture RoundtripCapture::read_record(const fs::path& raw) {
  const Json json = read_run_record(raw, Benchmark::kRoundtrip);
  return parse_run_record(raw, [&] {
    RoundtripCapture c;
    c.scenario = json.at("scenario").get<std::string>();
    c.iterations = json.at("iterations").get<uint64_t>();
    c.warmup = json.at("warmup").get<uint64_t>();
    c.runs = json.at("runs").get<uint32_t>();
    c.cpu = json.at("cpu").get<int>();
    c.subtract_floor = json.at("subtract_floor").get<bool>();
    c.outlier_factor = json.at("outlier_factor").get<double>();
    c.variants = pairs_from_json(json.at("variants"));
    c.missing_variants = json.at("missing_variants").get<std::vector<std::string>>();
    if (!json.at("wall_seconds").is_null()) c.wall_seconds = json.at("wall_seconds").get<double>();
    c.warnings = json.at("warnings").get<std::vector<std::string>>();
    c.facts = read_run_facts(json);
    c.environment = json.at("environment").get<Environment>();
    return c;
  });
}

}  // namespace iprobe
