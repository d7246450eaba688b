// The entry-latency figures: histogram and CDF of the calls' same-CPU entry latency, x clipped
// at p99.9 (the data behind them is in pairs.csv and plot-data/).
#include <algorithm>

#include "benchmarks/entry/entry_results.hpp"
#include "env/environment.hpp"
#include "pair/percentile.hpp"
#include "plot/plot_data.hpp"
#include "plot/plot_script.hpp"

namespace iprobe {
namespace {

constexpr std::size_t kHistogramBins = 100;
constexpr std::size_t kCdfPoints = 2000;
constexpr uint64_t kClipPerMille = 999;  // p99.9

// "scenario linux, probe patch, mode buffer": what the figures' titles say the run was.
std::string title_context(const ResultsHeader& h, const EntrySummary& s) {
  std::string out = "scenario " + (h.scenario.empty() ? std::string("unknown") : h.scenario);
  if (!s.named_probes.empty()) out += ", probe " + probe_list_name(s.named_probes);
  if (s.mode) out += ", mode " + name(*s.mode);
  return out;
}

Figure histogram_figure(const std::string& head, const std::vector<int64_t>& sorted, int64_t clip,
                        int64_t p50, const std::string& png_terminal) {
  const Histogram histogram = make_histogram(sorted, clip, kHistogramBins);
  HistogramPlotSpec spec;
  spec.files = {"plot-data/entry_hist.dat", "entry_hist.svg", "entry_hist.png"};
  spec.png_terminal = png_terminal;
  spec.x_lo = histogram.lo;
  spec.x_hi = clip;
  spec.bin_width = histogram.width;
  spec.p50 = p50;
  spec.title = head + "\nx axis clipped at p99.9 = " + std::to_string(clip) + " cycles, " +
               std::to_string(histogram.above) + " pairs beyond not shown (all in pairs.csv)";
  return Figure{"entry_hist", spec.files, histogram_dat_text(histogram),
                histogram_plot_script(spec)};
}

Figure cdf_figure(const std::string& head, const std::vector<int64_t>& sorted, int64_t clip,
                  int64_t p50, int64_t p99, const std::string& png_terminal) {
  CdfPlotSpec spec;
  spec.files = {"plot-data/entry_cdf.dat", "entry_cdf.svg", "entry_cdf.png"};
  spec.png_terminal = png_terminal;
  spec.x_lo = sorted.front();
  spec.x_hi = std::max(clip, sorted.front() + 1);
  spec.p50 = p50;
  spec.p99 = p99;
  spec.title = head + "\nx axis clipped at p99.9 = " + std::to_string(clip) +
               " cycles (the full CDF is in plot-data/entry_cdf.dat)";
  return Figure{"entry_cdf", spec.files, cdf_dat_text(make_cdf(sorted, kCdfPoints)),
                cdf_plot_script(spec)};
}

}  // namespace

FigureSet EntryResults::figures(const ResultsHeader& header, const FigureContext& context) const {
  const std::vector<int64_t>& sorted = samples.same_cpu_deltas;
  if (sorted.empty())
    return {{},
            {(context.dir / "pairs.csv").string() +
             " has no same-CPU pairs: entry-latency plots skipped"}};
  // p50 and p99 are the summary's latency statistics, over the same same-CPU calls.
  const int64_t clip = percentile_per_mille(sorted, kClipPerMille);
  const int64_t p50 = summary.latency.p50;
  const int64_t p99 = summary.latency.p99;
  std::string pairs = std::to_string(sorted.size()) + " same-CPU pairs";
  if (samples.cross_cpu > 0)
    pairs += " (" + std::to_string(samples.cross_cpu) + " cross-CPU left out)";
  const std::string head =
      "ioctl entry latency, user stamp to kernel entry - " + title_context(header, summary) + "\n" +
      pairs + (tcg_accel(header.environment) ? "; TCG emulation: emulated cycles" : "");
  return {{histogram_figure(head, sorted, clip, p50, context.png_terminal),
           cdf_figure(head, sorted, clip, p50, p99, context.png_terminal)},
          {}};
}

}  // namespace iprobe
