// The figure of a kind whose series run several times (round trip, interposition): one bar per
// series, the median of its runs' cycles per call, with min..max whiskers (plot_script's
// runs_plot_script), drawn from the series' statistics.
#pragma once

#include <string>
#include <vector>

#include "benchmarks/loop_runs/loop_series.hpp"
#include "plot/plot_script.hpp"

namespace iprobe {

struct RunsBar {
  std::string name;  // the tic under the bar
  const LoopSeries* series = nullptr;
  std::string label;  // written on the bar when the spec takes labels from the data
};

// The plot data: `comment` and the columns (the first named name_column) as comment lines,
// then one row per bar: "name" runs min p50 mean max stddev ci95_low ci95_high [ "label"].
std::string runs_plot_data(const std::vector<RunsBar>& bars, const std::string& comment,
                           const std::string& name_column, bool with_labels);

// "bars: median of 10 runs of 100000 calls; whiskers: min..max" (the runs and calls when every
// bar has the same), then `more`.
std::string runs_title_line(const std::vector<RunsBar>& bars, const std::string& more);

// A log y axis when asked or when the bars spread over more than 50x; y_min a power of ten
// below the smallest value then, and with labels from the data y_max one to two decades above
// the largest. Set spec.labels_in_data first.
void fit_runs_axis(RunsPlotSpec& spec, const std::vector<RunsBar>& bars, bool always_log);

}  // namespace iprobe
