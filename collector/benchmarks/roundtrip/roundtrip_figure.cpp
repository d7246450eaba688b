// The round-trip figure: median cycles per call per variant with min..max whiskers, from the
// variants' statistics across runs (their runs are in runs.csv and plot-data/roundtrip.dat).
#include "benchmarks/loop_runs/runs_figure.hpp"
#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "env/environment.hpp"

namespace iprobe {

FigureSet RoundtripResults::figures(const ResultsHeader& header,
                                    const FigureContext& context) const {
  std::vector<RunsBar> bars;
  for (const LoopSeries& v : variants)
    if (v.stats.n > 0) bars.push_back(RunsBar{v.name, &v, ""});
  if (bars.empty())
    return {{}, {(context.dir / "runs.csv").string() + " has no runs: round-trip plot skipped"}};
  RunsPlotSpec spec;
  spec.files = {"plot-data/roundtrip.dat", "roundtrip.svg", "roundtrip.png"};
  spec.png_terminal = context.png_terminal;
  fit_runs_axis(spec, bars, false);
  spec.title = "ioctl round trip, TSC cycles per call - scenario " +
               (header.scenario.empty() ? std::string("unknown") : header.scenario) + "\n" +
               runs_title_line(bars, spec.log_y ? "; log scale (spread > 50x)" : "") +
               (tcg_accel(header.environment) ? "; TCG emulation: emulated cycles" : "");
  return {
      {Figure{"roundtrip", spec.files,
              runs_plot_data(bars, "cycles per call per variant, from runs.csv", "variant", false),
              runs_plot_script(spec)}},
      {}};
}

}  // namespace iprobe
