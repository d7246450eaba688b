// Round-trip benchmark: from raw loop outputs to per-run and per-variant figures.
#include <algorithm>
#include <cmath>

#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "logs/stamp_line.hpp"
#include "util/text_format.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

std::string run_label(const std::string& variant, uint32_t run) {
  return "variant " + variant + " run " + std::to_string(run);
}

}  // namespace

std::string roundtrip_binary_name(std::string_view variant) {
  return "roundtrip-loop-" + std::string(variant);
}

bool is_roundtrip_variant(std::string_view name) {
  return std::find(kRoundtripVariants.begin(), kRoundtripVariants.end(), name) !=
         kRoundtripVariants.end();
}

fs::path roundtrip_log_path(const fs::path& raw_dir, std::string_view variant, uint32_t run) {
  return raw_dir / (std::string(variant) + "-" + std::to_string(run) + ".log");
}

RoundtripRunResult parse_roundtrip_output(std::string_view variant, uint32_t run,
                                          std::string_view text, bool subtract_floor) {
  RoundtripRunResult r;
  r.variant = variant;
  r.run = run;
  // Lines of the current (last seen) run header; a new header starts over.
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const ParsedLine parsed = parse_line(text.substr(start, end - start));
    start = end + 1;
    if (const auto* header = std::get_if<RunHeader>(&parsed)) {
      r.header = *header;
      r.floor.reset();
      r.total.reset();
    } else if (const auto* floor = std::get_if<TscFloor>(&parsed)) {
      if (r.header) r.floor = *floor;
    } else if (const auto* total = std::get_if<LoopTotal>(&parsed)) {
      if (r.header && total->run == r.header->run) r.total = *total;
    } else if (std::holds_alternative<Malformed>(parsed)) {
      ++r.rejected;
    }
  }
  if (!r.header) {
    r.failure = "no \"ioprobe run\" line in the output";
  } else if (!r.total) {
    r.failure = "no \"ioprobe total\" line for run " + run_hex(r.header->run);
  } else if (r.total->calls == 0) {
    r.failure = "the loop total counts 0 calls";
  } else if (subtract_floor && !r.floor) {
    r.failure = "no \"ioprobe floor\" line, so --subtract-floor cannot apply";
  } else {
    uint64_t cycles = r.total->cycles;
    if (subtract_floor) cycles = cycles > r.floor->min ? cycles - r.floor->min : 0;
    r.cycles_per_call = static_cast<double>(cycles) / static_cast<double>(r.total->calls);
  }
  return r;
}

std::vector<double> VariantResult::usable_values() const {
  std::vector<double> values;
  for (const RoundtripRunResult& r : runs)
    if (r.usable()) values.push_back(r.cycles_per_call);
  return values;
}

VariantResult aggregate_variant(std::string name, std::string binary,
                                std::vector<RoundtripRunResult> runs, double outlier_factor,
                                std::vector<std::string>& warnings) {
  VariantResult v;
  v.name = std::move(name);
  v.binary = std::move(binary);
  v.runs = std::move(runs);

  std::vector<const RoundtripRunResult*> usable;
  std::vector<uint64_t> floor_p50s;
  for (const RoundtripRunResult& r : v.runs) {
    if (!r.usable()) {
      warnings.push_back(run_label(v.name, r.run) + " is left out: " + r.failure);
      continue;
    }
    usable.push_back(&r);
    const LoopTotal& t = *r.total;
    v.migrations += t.migrations;
    v.errors += t.errors;
    if (t.migrations > 0 || t.cpu_start != t.cpu_end)
      warnings.push_back(run_label(v.name, r.run) + ": CPU migration during the loop (cpu " +
                         std::to_string(t.cpu_start) + " -> " + std::to_string(t.cpu_end) + ", " +
                         std::to_string(t.migrations) + " migrations)");
    if (r.header->cpu < 0) {
      warnings.push_back(run_label(v.name, r.run) + ": the loop was not pinned to a CPU");
    } else if (static_cast<uint32_t>(r.header->cpu) != t.cpu_start) {
      warnings.push_back(run_label(v.name, r.run) + ": pinned to CPU " +
                         std::to_string(r.header->cpu) + " but started on CPU " +
                         std::to_string(t.cpu_start));
    }
    if (t.errors > 0)
      warnings.push_back(run_label(v.name, r.run) + ": " + std::to_string(t.errors) + " of " +
                         std::to_string(t.calls) + " calls returned an unexpected result");
    if (r.rejected > 0)
      warnings.push_back(run_label(v.name, r.run) + ": " + std::to_string(r.rejected) +
                         " malformed ioprobe lines ignored");
    if (r.floor) {
      if (!v.floor) v.floor = TscFloor{r.floor->min, 0, 0};
      v.floor->min = std::min(v.floor->min, r.floor->min);
      v.floor->samples += r.floor->samples;
      floor_p50s.push_back(r.floor->p50);
    }
  }
  if (v.floor) {
    std::vector<double> p50s(floor_p50s.begin(), floor_p50s.end());
    v.floor->p50 = static_cast<uint64_t>(std::llround(median(p50s)));
  }

  const std::vector<double> values = v.usable_values();
  v.stats = compute_run_stats(values);
  if (values.empty()) {
    warnings.push_back("variant " + v.name + ": no usable run (see raw/" + v.name + "-*.log)");
    return v;
  }
  for (size_t i : outlier_indices(values, v.stats.p50, outlier_factor)) {
    const RoundtripRunResult& r = *usable[i];
    v.outlier_runs.push_back(r.run);
    warnings.push_back(run_label(v.name, r.run) + ": " + fixed(r.cycles_per_call) +
                       " cycles/call is more than " + fixed(outlier_factor) +
                       "x away from the median " + fixed(v.stats.p50) + " (outlier, kept)");
  }
  return v;
}

void RoundtripResults::finish() {
  RoundtripResults& s = *this;
  std::optional<double> fastest;
  for (const VariantResult& v : s.variants)
    if (v.stats.n > 0 && (!fastest || v.stats.p50 < *fastest)) fastest = v.stats.p50;
  std::vector<double> floor_p50s;
  s.tsc_floor.reset();
  for (VariantResult& v : s.variants) {
    v.ratio_to_fastest.reset();
    if (v.stats.n > 0 && fastest && *fastest > 0) v.ratio_to_fastest = v.stats.p50 / *fastest;
    for (const RoundtripRunResult& r : v.runs) {
      if (!r.usable() || !r.floor) continue;
      if (!s.tsc_floor) s.tsc_floor = TscFloor{r.floor->min, 0, 0};
      s.tsc_floor->min = std::min(s.tsc_floor->min, r.floor->min);
      s.tsc_floor->samples += r.floor->samples;
      floor_p50s.push_back(static_cast<double>(r.floor->p50));
    }
  }
  if (s.tsc_floor) s.tsc_floor->p50 = static_cast<uint64_t>(std::llround(median(floor_p50s)));
}

}  // namespace iprobe
