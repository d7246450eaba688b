#include "benchmarks/loop_runs/runs_figure.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "plot/plot_data.hpp"
#include "plot/plot_script.hpp"
#include "util/text_format.hpp"

namespace iprobe {
namespace {

// The same value for every bar (runs) or usable run (calls), or nullopt.
template <typename T, typename Values>
std::optional<T> common_value(const Values& values) {
  std::optional<T> value;
  for (const T v : values) {
    if (value && *value != v) return std::nullopt;
    value = v;
  }
  return value;
}

}  // namespace

std::string runs_plot_data(const std::vector<RunsBar>& bars, const std::string& comment,
                           const std::string& name_column, bool with_labels) {
  std::string out = "# " + comment + "\n# " + name_column +
                    " runs min p50 mean max stddev ci95_low ci95_high" +
                    (with_labels ? " label" : "") + "\n";
  for (const RunsBar& bar : bars) {
    const RunStats& s = bar.series->stats;
    const double half = s.ci95 ? (s.ci95->second - s.ci95->first) / 2.0 : 0.0;
    out += '"' + bar.name + "\" " + std::to_string(s.n) + ' ' + general(s.min) + ' ' +
           general(s.p50) + ' ' + general(s.mean) + ' ' + general(s.max) + ' ' + general(s.stddev) +
           ' ' + general(s.mean - half) + ' ' + general(s.mean + half);
    if (with_labels) out += " \"" + bar.label + '"';
    out += '\n';
  }
  return out;
}

std::string runs_title_line(const std::vector<RunsBar>& bars, const std::string& more) {
  std::vector<std::size_t> runs;
  std::vector<uint64_t> calls;
  for (const RunsBar& bar : bars) {
    runs.push_back(bar.series->stats.n);
    for (const LoopRun& r : bar.series->runs)
      if (r.usable() && r.total) calls.push_back(r.total->calls);
  }
  const std::optional<std::size_t> runs_each = common_value<std::size_t>(runs);
  const std::optional<uint64_t> iterations = common_value<uint64_t>(calls);
  std::string line = "bars: median of " +
                     (runs_each ? std::to_string(*runs_each) + " runs" : std::string("the runs"));
  if (iterations) line += " of " + std::to_string(*iterations) + " calls";
  return line + "; whiskers: min..max" + more;
}

void fit_runs_axis(RunsPlotSpec& spec, const std::vector<RunsBar>& bars, bool always_log) {
  double lo = bars.front().series->stats.min;
  double hi = bars.front().series->stats.max;
  for (const RunsBar& bar : bars) {
    lo = std::min(lo, bar.series->stats.min);
    hi = std::max(hi, bar.series->stats.max);
  }
  spec.log_y = always_log || needs_log_scale(lo, hi);
  if (spec.log_y) spec.y_min = std::pow(10.0, std::floor(std::log10(std::max(lo, 1e-3))));
  // Room for labels written upright above the highest whisker: one to two decades.
  if (spec.log_y && spec.labels_in_data)
    spec.y_max = std::pow(10.0, std::ceil(std::log10(std::max(hi, 1e-3))) + 1);
}

}  // namespace iprobe
