// The round-trip figure: median cycles per call per variant with min..max whiskers, from the
// variants' statistics across runs (their runs are in runs.csv and plot-data/roundtrip.dat).
#include <algorithm>
#include <cmath>

#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "env/environment.hpp"
#include "plot/plot_data.hpp"
#include "plot/plot_script.hpp"
#include "util/text_format.hpp"

namespace iprobe {
namespace {

// plot-data/roundtrip.dat: one row per variant with a usable run.
std::string roundtrip_dat_text(const std::vector<const VariantResult*>& variants) {
  std::string out =
      "# cycles per call per variant, from runs.csv\n"
      "# variant runs min p50 mean max stddev ci95_low ci95_high\n";
  for (const VariantResult* v : variants) {
    const RunStats& s = v->stats;
    const double half = s.ci95 ? (s.ci95->second - s.ci95->first) / 2.0 : 0.0;
    out += '"' + v->name + "\" " + std::to_string(s.n) + ' ' + general(s.min) + ' ' +
           general(s.p50) + ' ' + general(s.mean) + ' ' + general(s.max) + ' ' + general(s.stddev) +
           ' ' + general(s.mean - half) + ' ' + general(s.mean + half) + '\n';
  }
  return out;
}

// The same value for every variant (runs) or usable run (calls), or nullopt.
template <typename T, typename Values>
std::optional<T> common_value(const Values& values) {
  std::optional<T> value;
  for (const T v : values) {
    if (value && *value != v) return std::nullopt;
    value = v;
  }
  return value;
}

// "bars: median of 10 runs of 100000 calls; whiskers: min..max[; log scale (spread > 50x)]".
std::string second_title_line(const std::vector<const VariantResult*>& variants, bool log_y) {
  std::vector<std::size_t> runs;
  std::vector<uint64_t> calls;
  for (const VariantResult* v : variants) {
    runs.push_back(v->stats.n);
    for (const RoundtripRunResult& r : v->runs)
      if (r.usable() && r.total) calls.push_back(r.total->calls);
  }
  const std::optional<std::size_t> runs_each = common_value<std::size_t>(runs);
  const std::optional<uint64_t> iterations = common_value<uint64_t>(calls);
  std::string line = "bars: median of " +
                     (runs_each ? std::to_string(*runs_each) + " runs" : std::string("the runs"));
  if (iterations) line += " of " + std::to_string(*iterations) + " calls";
  line += "; whiskers: min..max";
  if (log_y) line += "; log scale (spread > 50x)";
  return line;
}

}  // namespace

FigureSet RoundtripResults::figures(const ResultsHeader& header,
                                    const FigureContext& context) const {
  std::vector<const VariantResult*> drawn;
  for (const VariantResult& v : variants)
    if (v.stats.n > 0) drawn.push_back(&v);
  if (drawn.empty())
    return {{}, {(context.dir / "runs.csv").string() + " has no runs: round-trip plot skipped"}};
  RoundtripPlotSpec spec;
  spec.files = {"plot-data/roundtrip.dat", "roundtrip.svg", "roundtrip.png"};
  spec.png_terminal = context.png_terminal;
  double lo = drawn.front()->stats.min;
  double hi = drawn.front()->stats.max;
  for (const VariantResult* v : drawn) {
    lo = std::min(lo, v->stats.min);
    hi = std::max(hi, v->stats.max);
  }
  spec.log_y = needs_log_scale(lo, hi);
  if (spec.log_y) spec.y_min = std::pow(10.0, std::floor(std::log10(lo)));
  spec.title = "ioctl round trip, TSC cycles per call - scenario " +
               (header.scenario.empty() ? std::string("unknown") : header.scenario) + "\n" +
               second_title_line(drawn, spec.log_y) +
               (tcg_accel(header.environment) ? "; TCG emulation: emulated cycles" : "");
  return {{Figure{"roundtrip", spec.files, roundtrip_dat_text(drawn), roundtrip_plot_script(spec)}},
          {}};
}

}  // namespace iprobe
