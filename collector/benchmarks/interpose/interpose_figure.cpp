// The interposition figures, one per call measured: median cycles per call per mechanism with
// min..max whiskers on a log axis, each bar labelled with its overhead over raw (floor
// subtracted, the same call).
#include "benchmarks/interpose/interpose_results.hpp"
#include "benchmarks/loop_runs/runs_figure.hpp"
#include "env/environment.hpp"
#include "util/text_format.hpp"

namespace iprobe {
namespace {

// "+5.6 (1.03x)", "raw" for the baseline, or the median when there is no overhead.
std::string bar_label(const MechanismResult& m, const CallSeries& c) {
  if (m.name == "raw") return "raw: " + fixed(c.pass.stats.p50);
  const std::optional<Overhead>& o = c.overhead_vs_raw;
  if (!o) return fixed(c.pass.stats.p50);
  std::string text = (o->cycles >= 0 ? "+" : "") + fixed(o->cycles);
  if (o->ratio) text += " (" + fixed(*o->ratio, *o->ratio < 10 ? 2 : 0) + "x)";
  return text;
}

Figure call_figure(const std::string& call, const std::vector<RunsBar>& bars,
                   const ResultsHeader& header, const FigureContext& context) {
  const std::string name = "interpose-" + call;
  RunsPlotSpec spec;
  spec.files = {"plot-data/" + name + ".dat", name + ".svg", name + ".png"};
  spec.png_terminal = context.png_terminal;
  spec.what = "Interposition: cycles per call per mechanism, " + call;
  spec.x_label = "mechanism";
  spec.labels_in_data = true;
  fit_runs_axis(spec, bars, true);
  spec.title = "interposition (" + call + "), TSC cycles per call - scenario " +
               (header.scenario.empty() ? std::string("unknown") : header.scenario) + "\n" +
               runs_title_line(bars, "; log scale") +
               "\nlabels: overhead over raw, cycles per call (floor subtracted) and ratio" +
               (tcg_accel(header.environment) ? "; TCG emulation: emulated cycles" : "");
  return Figure{name, spec.files,
                runs_plot_data(bars, "cycles per call per mechanism (" + call + "), from runs.csv",
                               "mechanism", true),
                runs_plot_script(spec)};
}

}  // namespace

FigureSet InterposeResults::figures(const ResultsHeader& header,
                                    const FigureContext& context) const {
  FigureSet set;
  for (const std::string& call : calls) {
    std::vector<RunsBar> bars;
    for (const MechanismResult& m : mechanisms)
      for (const CallSeries& c : m.calls)
        if (c.call == call && c.pass.stats.n > 0)
          bars.push_back(RunsBar{m.name, &c.pass, bar_label(m, c)});
    if (bars.empty()) {
      set.notes.push_back((context.dir / "runs.csv").string() + " has no " + call +
                          " runs: interposition plot skipped");
      continue;
    }
    set.figures.push_back(call_figure(call, bars, header, context));
  }
  return set;
}

}  // namespace iprobe
