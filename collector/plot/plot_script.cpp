#include "plot/plot_script.hpp"

#include "util/text_format.hpp"

namespace iprobe {
namespace {

constexpr const char* kSize = "size 960,600";

std::string single_quoted(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out += '\'';  // '' is a quote inside a gnuplot single-quoted string
    out += c;
  }
  return out + "'";
}

std::string header(std::string_view what, const PlotFiles& files) {
  std::string out = "# " + std::string(what) + ", drawn from " + files.data +
                    " (written by the collector).\n"
                    "# Edit and re-run from the results folder:  gnuplot plot-data/<this file>\n";
  out += "set terminal svg " + std::string(kSize) +
         " dynamic noenhanced font 'sans,12' background rgb 'white'\n";
  out += "set output " + single_quoted(files.svg) + "\n";
  out += "set encoding utf8\n";
  return out;
}

// After the plot command: the same plot again as PNG.
std::string footer(const PlotFiles& files, std::string_view png_terminal) {
  return png_terminal_line(png_terminal) + "\nset output " + single_quoted(files.png) +
         "\nreplot\nset output\n";
}

std::string vertical_marker(int64_t x, std::string_view label, double height) {
  const std::string at = std::to_string(x);
  return "set arrow from " + at + ", graph 0 to " + at +
         ", graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb '#c0392b' front\n"
         "set label " +
         gnuplot_quote(label) + " at " + at + ", graph " + general(height) +
         " offset 0.6,0 textcolor rgb '#c0392b' front\n";
}

}  // namespace

std::string gnuplot_quote(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
    }
  }
  return out + "\"";
}

std::string png_terminal_line(std::string_view png_terminal) {
  if (png_terminal == "pngcairo")
    return "set terminal pngcairo " + std::string(kSize) +
           " noenhanced font 'sans,11' background rgb 'white'";
  return "set terminal png " + std::string(kSize) + " noenhanced";
}

std::string runs_plot_script(const RunsPlotSpec& s) {
  const std::string data = single_quoted(s.files.data);
  std::string out = header(s.what, s.files);
  out += "set title " + gnuplot_quote(s.title) + "\n";
  out += "set style fill solid 0.6 border -1\n";
  out += "set boxwidth 0.6 relative\n";
  out += "set grid ytics\n";
  // Labels from the data are longer than a median: upright above the whiskers, slanted tics.
  out += s.labels_in_data ? "set key top left\n" : "set key top right\n";
  out += "set xlabel " + single_quoted(s.x_label) + "\n";
  out += s.labels_in_data ? "set xtics nomirror rotate by 30 right\n" : "set xtics nomirror\n";
  out += "set offsets 0.6, 0.6, 0, 0\n";
  if (s.log_y) {
    out += "set logscale y\n";
    out += "set ylabel 'TSC cycles per call (log scale)'\n";
    out += "set yrange [" + general(s.y_min) + ":" + (s.y_max > 0 ? general(s.y_max) : "*") + "]\n";
  } else {
    out += "set ylabel 'TSC cycles per call'\n";
    out += "set yrange [0:*]\n";
  }
  // Whiskers as candlesticks with an empty box at the median (box min = box max).
  // Columns: 1 series, 2 runs, 3 min, 4 p50, 5 mean, 6 max, 7 stddev, 8 ci95_low, 9 ci95_high
  // [, 10 label].
  out += "plot " + data +
         " using 0:4:xtic(1) with boxes linecolor rgb '#4a78b0' title 'median of the runs', \\\n"
         "     '' using 0:4:3:6:4 with candlesticks whiskerbars 0.5 fillstyle empty "
         "linecolor rgb 'black' linewidth 1.5 title 'min..max of the runs', \\\n";
  out += s.labels_in_data ? "     '' using 0:6:10 with labels rotate by 90 left offset 0,0.6 "
                            "notitle\n"
                          : "     '' using 0:6:(sprintf('%.0f', $4)) with labels offset 0,0.9 "
                            "notitle\n";
  out += footer(s.files, s.png_terminal);
  return out;
}

std::string histogram_plot_script(const HistogramPlotSpec& s) {
  const double half = static_cast<double>(s.bin_width) / 2.0;
  std::string out = header("Entry latency histogram", s.files);
  out += "set title " + gnuplot_quote(s.title) + "\n";
  out += "set style fill solid 0.7 border rgb '#2c5d8f'\n";
  out += "set grid ytics\n";
  out += "set key off\n";
  out += "set xlabel 'entry latency: kernel stamp - user stamp (TSC cycles)'\n";
  out += "set ylabel " +
         gnuplot_quote("pairs per bin (" + std::to_string(s.bin_width) + " cycle" +
                       (s.bin_width == 1 ? "" : "s") + " wide)") +
         "\n";
  out += "set xrange [" + general(static_cast<double>(s.x_lo) - half) + ":" +
         general(static_cast<double>(s.x_hi) + half) + "]\n";
  out += "set yrange [0:*]\n";
  out += vertical_marker(s.p50, "p50 = " + std::to_string(s.p50), 0.95);
  // Columns: 1 bin_first, 2 bin_last, 3 bin_center, 4 count.
  out += "plot " + single_quoted(s.files.data) + " using 3:4:(" + std::to_string(s.bin_width) +
         ") with boxes linecolor rgb '#4a78b0'\n";
  out += footer(s.files, s.png_terminal);
  return out;
}

std::string cdf_plot_script(const CdfPlotSpec& s) {
  std::string out = header("Entry latency CDF", s.files);
  out += "set title " + gnuplot_quote(s.title) + "\n";
  out += "set grid xtics ytics\n";
  out += "set key off\n";
  out += "set xlabel 'entry latency: kernel stamp - user stamp (TSC cycles)'\n";
  out += "set ylabel 'fraction of pairs at or below'\n";
  out += "set xrange [" + std::to_string(s.x_lo) + ":" + std::to_string(s.x_hi) + "]\n";
  out += "set yrange [0:1.02]\n";
  out += "set ytics 0.1\n";
  out += vertical_marker(s.p50, "p50 = " + std::to_string(s.p50), 0.5);
  if (s.p99 != s.p50) out += vertical_marker(s.p99, "p99 = " + std::to_string(s.p99), 0.2);
  // Columns: 1 cycles, 2 fraction at or below.
  out += "plot " + single_quoted(s.files.data) +
         " using 1:2 with steps linewidth 2 linecolor rgb '#4a78b0'\n";
  out += footer(s.files, s.png_terminal);
  return out;
}

}  // namespace iprobe
