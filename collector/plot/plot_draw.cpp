#include "plot/plot_draw.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "plot/plot_drawer.hpp"
#include "plot/plot_script.hpp"
#include "util/file_util.hpp"

namespace iprobe {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kHistogramBins = 100;
constexpr std::size_t kCdfPoints = 2000;
constexpr uint64_t kClipPerMille = 999;  // p99.9

std::string title_context(const ResultsMeta& m) {
  std::string out = "scenario " + (m.scenario.empty() ? std::string("unknown") : m.scenario);
  if (!m.probe.empty()) out += ", probe " + m.probe;
  if (!m.mode.empty()) out += ", mode " + m.mode;
  return out;
}

// Appended to a title line: under TCG the cycles are the emulator's, not the CPU's.
std::string emulation_note(const ResultsMeta& m) {
  return m.accel == "tcg" ? "; TCG emulation: emulated cycles" : "";
}

// Same value for every row, or nullopt.
template <typename T, typename Get>
std::optional<T> common_value(const std::vector<RoundtripRun>& runs, Get get) {
  std::optional<T> value;
  for (const RoundtripRun& r : runs) {
    if (value && *value != get(r)) return std::nullopt;
    value = get(r);
  }
  return value;
}

void draw_roundtrip(Drawer& d, const ResultsData& data) {
  const auto& runs = *data.runs;
  if (runs.empty()) {
    d.report.notes.push_back((d.dir / "runs.csv").string() +
                             " has no runs: round-trip plot skipped");
    return;
  }
  const std::vector<VariantStats> variants = summarize_variants(runs);
  const PlotFiles files{"plot-data/roundtrip.dat", "roundtrip.svg", "roundtrip.png"};
  write_roundtrip_dat(d.dir / files.data, variants);

  RoundtripPlotSpec spec;
  spec.files = files;
  spec.png_terminal = d.png_terminal;
  spec.log_y = needs_log_scale(variants);
  if (spec.log_y) {
    double lo = variants.front().min;
    for (const VariantStats& v : variants) lo = std::min(lo, v.min);
    spec.y_min = std::pow(10.0, std::floor(std::log10(lo)));
  }
  const auto runs_each = [&]() -> std::optional<std::size_t> {
    std::optional<std::size_t> n;
    for (const VariantStats& v : variants) {
      if (n && *n != v.runs) return std::nullopt;
      n = v.runs;
    }
    return n;
  }();
  const auto iterations =
      common_value<uint64_t>(runs, [](const RoundtripRun& r) { return r.iterations; });
  std::string second = "bars: median of " +
                       (runs_each ? std::to_string(*runs_each) + " runs" : std::string("the runs"));
  if (iterations) second += " of " + std::to_string(*iterations) + " calls";
  second += "; whiskers: min..max";
  if (spec.log_y) second += "; log scale (spread > 50x)";
  second += emulation_note(data.meta);
  spec.title =
      "ioctl round trip, TSC cycles per call - " + title_context(data.meta) + "\n" + second;
  d.draw("roundtrip", roundtrip_plot_script(spec), files);
}

void draw_entry(Drawer& d, const ResultsData& data) {
  const EntrySamples& e = *data.entry;
  const std::vector<int64_t>& sorted = e.same_cpu_deltas;
  if (sorted.empty()) {
    d.report.notes.push_back((d.dir / "pairs.csv").string() +
                             " has no same-CPU pairs: entry-latency plots skipped");
    return;
  }
  const int64_t clip = percentile_per_mille(sorted, kClipPerMille);
  const int64_t p50 = percentile_per_mille(sorted, 500);
  const int64_t p99 = percentile_per_mille(sorted, 990);
  const Histogram histogram = make_histogram(sorted, clip, kHistogramBins);
  const std::vector<CdfPoint> cdf = make_cdf(sorted, kCdfPoints);

  std::string pairs = std::to_string(sorted.size()) + " same-CPU pairs";
  if (e.cross_cpu > 0) pairs += " (" + std::to_string(e.cross_cpu) + " cross-CPU left out)";
  const std::string head = "ioctl entry latency, user stamp to kernel entry - " +
                           title_context(data.meta) + "\n" + pairs + emulation_note(data.meta);

  const PlotFiles hist_files{"plot-data/entry_hist.dat", "entry_hist.svg", "entry_hist.png"};
  write_histogram_dat(d.dir / hist_files.data, histogram);
  HistogramPlotSpec hist;
  hist.files = hist_files;
  hist.png_terminal = d.png_terminal;
  hist.x_lo = histogram.lo;
  hist.x_hi = clip;
  hist.bin_width = histogram.width;
  hist.p50 = p50;
  hist.title = head + "\nx axis clipped at p99.9 = " + std::to_string(clip) + " cycles, " +
               std::to_string(histogram.above) + " pairs beyond not shown (all in pairs.csv)";
  d.draw("entry_hist", histogram_plot_script(hist), hist_files);

  const PlotFiles cdf_files{"plot-data/entry_cdf.dat", "entry_cdf.svg", "entry_cdf.png"};
  write_cdf_dat(d.dir / cdf_files.data, cdf);
  CdfPlotSpec spec;
  spec.files = cdf_files;
  spec.png_terminal = d.png_terminal;
  spec.x_lo = sorted.front();
  spec.x_hi = std::max(clip, sorted.front() + 1);
  spec.p50 = p50;
  spec.p99 = p99;
  spec.title = head + "\nx axis clipped at p99.9 = " + std::to_string(clip) +
               " cycles (the full CDF is in plot-data/entry_cdf.dat)";
  d.draw("entry_cdf", cdf_plot_script(spec), cdf_files);
}

}  // namespace

namespace {

std::string string_member(const nlohmann::json& json, const char* key) {
  if (!json.is_object()) return "";
  const auto it = json.find(key);
  return it != json.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

ResultsMeta parse_results_meta(const std::string& summary_json) {
  const nlohmann::json json = nlohmann::json::parse(summary_json);
  ResultsMeta meta;
  meta.benchmark = string_member(json, "benchmark");
  meta.scenario = string_member(json, "scenario");
  meta.probe = string_member(json, "probe");
  meta.mode = string_member(json, "mode");
  meta.accel = string_member(json, "accel");
  if (meta.accel.empty() && json.is_object() && json.contains("environment"))
    meta.accel = string_member(json["environment"], "accel");
  return meta;
}

ResultsData load_results(const fs::path& dir) {
  ResultsData data;
  const fs::path summary = dir / "summary.json";
  if (fs::is_regular_file(summary)) {
    data.has_summary = true;
    try {
      data.meta = parse_results_meta(read_text_file(summary, 1 << 20));
    } catch (const std::exception&) {
      // Labels only: an unreadable summary leaves the titles without them.
    }
  }
  if (fs::exists(dir / "runs.csv")) data.runs = read_runs_csv(dir / "runs.csv");
  if (fs::exists(dir / "pairs.csv")) {
    data.entry = read_pairs_csv(dir / "pairs.csv");
    std::sort(data.entry->same_cpu_deltas.begin(), data.entry->same_cpu_deltas.end());
  }
  return data;
}

PlotReport draw_plots(const fs::path& dir, const ResultsData& data) {
  if (!data.runs && !data.entry) return {};
  Drawer d = make_drawer(dir);
  if (data.runs) draw_roundtrip(d, data);
  if (data.entry) draw_entry(d, data);
  return d.report;
}

void draw_plots(const fs::path& dir, bool quiet) {
  try {
    const PlotReport report = draw_plots(dir, load_results(dir));
    if (!quiet && !report.written.empty()) {
      std::cout << "plots:";
      for (const fs::path& file : report.written) std::cout << ' ' << file.string();
      std::cout << '\n';
    }
    if (!quiet)
      for (const std::string& note : report.notes) std::cout << note << '\n';
    for (const std::string& warning : report.warnings) std::cerr << "WARNING: " << warning << '\n';
  } catch (const std::exception& e) {
    std::cerr << "WARNING: plots skipped: " << e.what() << '\n';
  }
}

}  // namespace iprobe
