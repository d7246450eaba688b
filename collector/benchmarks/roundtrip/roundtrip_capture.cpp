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

std::optional<PatchHookUse> RoundtripCapture::patch_hook_use(const fs::path& raw,
                                                             const RoundtripResults& results,
                                                             std::vector<std::string>& out) const {
  if (patch_hook_mode.empty()) return std::nullopt;
  PatchHookUse use{patch_hook_mode, std::nullopt};
  if (patch_hook_mode == "off") use.stamps = 0;
  const fs::path dump = raw / kHookDumpFile;
  if (patch_hook_mode == "buffer" && fs::exists(dump)) {
    std::vector<uint32_t> run_ids;
    for (const VariantResult& v : results.variants)
      for (const RoundtripRunResult& r : v.runs)
        if (r.header) run_ids.push_back(r.header->run);
    use.stamps = count_hook_stamps(read_text_file(dump), run_ids);
  }
  if (use.stamps.value_or(0) > 0)
    out.push_back("the patched kernel's hook stamped " + std::to_string(*use.stamps) +
                  " of the round trip's calls (" + call.cmd_name +
                  "): those round trips include the stamp");
  return use;
}

std::vector<std::pair<std::string, fs::path>> RoundtripCapture::loop_programs() const {
  std::vector<std::pair<std::string, fs::path>> loops;
  for (const auto& [variant, binary] : variants) loops.emplace_back(variant, binary);
  return loops;
}

Results RoundtripCapture::summarize(const fs::path& output_dir) const {
  Results results{results_header(Benchmark::kRoundtrip), nullptr};
  ResultsHeader& h = results.header;
  h.iterations = iterations;
  h.warmup = warmup;
  auto kind = std::make_unique<RoundtripResults>();
  kind->runs = runs;
  kind->subtract_floor = subtract_floor;
  kind->outlier_factor = outlier_factor;
  kind->missing_variants = missing_variants;
  kind->call = call;
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
  kind->patch_hook = patch_hook_use(raw, *kind, h.warnings);
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
            {"subtract_floor", subtract_floor},
            {"outlier_factor", outlier_factor}};
  json["variants"] = pairs_json(variants);
  json["missing_variants"] = missing_variants;
  json["call"] = call_json(call);
  json["patch_hook_mode"] = patch_hook_mode.empty() ? Json(nullptr) : Json(patch_hook_mode);
  write_common_record(json);
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
    c.subtract_floor = json.at("subtract_floor").get<bool>();
    c.outlier_factor = json.at("outlier_factor").get<double>();
    c.variants = pairs_from_json(json.at("variants"));
    c.missing_variants = json.at("missing_variants").get<std::vector<std::string>>();
    c.call = call_from_json(json.at("call"));
    if (const Json& mode = json.at("patch_hook_mode"); !mode.is_null())
      c.patch_hook_mode = mode.get<std::string>();
    c.read_common_record(json);
    return c;
  });
}

}  // namespace iprobe
