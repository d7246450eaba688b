#include "plot/machine_plot.hpp"

#include <algorithm>
#include <array>

#include "plot/compare_plot.hpp"
#include "util/file_util.hpp"
#include "util/text_format.hpp"

namespace iprobe {
namespace {

const PlotFiles kFiles{"plot-data/compare-machines.dat", "compare.svg", "compare.png"};
constexpr std::array<const char*, 8> kColors{"#4a78b0", "#e0a030", "#59a14f", "#c0504d",
                                             "#8064a2", "#4bacc6", "#9c9c9c", "#f79646"};
constexpr double kGroupWidth = 0.8;  // of the 1.0 between two series
constexpr int kTableLinePixels = 18;
constexpr std::size_t kTableCharPixels = 8;  // monospace 10 in the SVG and PNG terminals

double lowest_value(const MachineFigure& f) {
  double lowest = 0;
  for (const auto& row : f.values)
    for (const std::optional<double>& v : row)
      if (v && *v > 0 && (lowest == 0 || *v < lowest)) lowest = *v;
  return lowest;
}

std::string xtics(const MachineFigure& f) {
  std::string out = "set xtics rotate by -35 nomirror (";
  for (std::size_t i = 0; i < f.series.size(); ++i)
    out += (i ? ", " : "") + gnuplot_quote(f.series[i]) + ' ' + std::to_string(i);
  return out + ")\n";
}

// Machine m's bars (data column 3 + m): boxes from the axis floor, their values above them.
std::string machine_bars(const MachineFigure& f, std::size_t m, double floor) {
  const double width = kGroupWidth / static_cast<double>(f.machines.size());
  const double offset = (static_cast<double>(m) - (f.machines.size() - 1) / 2.0) * width;
  const std::string x = "($1+" + general(offset) + ")";
  const std::string v = "$" + std::to_string(3 + m);
  const std::string half = general(width / 2);
  return std::string(m ? "  ''" : "'plot-data/compare-machines.dat'") + " using " + x + ":(" + v +
         "):(" + x + "-" + half + "):(" + x + "+" + half + "):(" + general(floor) + "):(" + v +
         ") with boxxyerror fillstyle solid 0.85 border rgb 'black' linecolor rgb '" +
         kColors[m % kColors.size()] + "' title " + gnuplot_quote(f.machines[m]) +
         ", \\\n  '' using " + x + ":(" + v + "):(sprintf(" + v + " < 100 ? '%.1f' : '%.0f', " + v +
         ")) with labels rotate by 90 left offset 0,0.3 font ',9' notitle";
}

}  // namespace

std::string machine_dat_text(const MachineFigure& f) {
  std::string out = "# index series";
  for (const std::string& m : f.machines) out += ' ' + gnuplot_quote(m);
  out += '\n';
  for (std::size_t i = 0; i < f.series.size(); ++i) {
    out += std::to_string(i) + ' ' + gnuplot_quote(f.series[i]);
    for (const std::optional<double>& v : f.values[i]) out += ' ' + (v ? general(*v) : "-");
    out += '\n';
  }
  return out;
}

std::string machine_plot_script(const MachineFigure& f, const std::string& png_terminal) {
  const double floor = log_axis_floor(lowest_value(f));
  const std::size_t table_lines = f.table.size();
  const std::size_t bars = std::max<std::size_t>(1, f.series.size() * f.machines.size());
  std::size_t longest_line = 0;
  for (const std::string& line : f.table) longest_line = std::max(longest_line, line.size());
  const std::string width = std::to_string(
      std::max({std::size_t{960}, 200 + bars * 36, 40 + kTableCharPixels * longest_line}));
  const std::size_t height_pixels = 760 + kTableLinePixels * table_lines;
  const std::string height = std::to_string(height_pixels);
  std::string out =
      "# Cycles per call per series, one bar per machine, drawn from "
      "plot-data/compare-machines.dat\n# (written by collector compare --by machine). Edit and "
      "re-run from the output folder:  gnuplot plot-data/compare-machines.gp\n";
  out += "set terminal svg size " + width + "," + height +
         " dynamic noenhanced font 'sans,12' background rgb 'white'\nset output 'compare.svg'\n"
         "set encoding utf8\n";
  out += "set title " +
         gnuplot_quote("ioctl: TSC cycles per call, machines side by side (log scale)\n" +
                       f.subtitle) +
         "\n";
  out += "set datafile missing '-'\nset logscale y\nset grid ytics\n";
  out += "set yrange [" + general(floor) + ":*]\n";
  out += "set xrange [-0.6:" + std::to_string(f.series.size()) + "-0.4]\n";
  out += "set ylabel 'TSC cycles per call (log scale)'\n" + xtics(f);
  out += "set key outside top center horizontal\nset offsets 0, 0, graph 0.3, 0\n";
  // The machines' table under the x labels: the bottom margin grows with its lines.
  out += "set bmargin " + std::to_string(12 + 1.2 * table_lines) + "\n";
  for (std::size_t i = 0; i < table_lines; ++i) {
    const double pixels_up = kTableLinePixels * static_cast<double>(table_lines - i) - 8;
    out += "set label " + std::to_string(i + 1) + ' ' + gnuplot_quote(f.table[i]) +
           " at screen 0.01, screen " + general(pixels_up / static_cast<double>(height_pixels), 4) +
           " left font 'monospace,10'\n";
  }
  out += "plot ";
  for (std::size_t m = 0; m < f.machines.size(); ++m)
    out += machine_bars(f, m, floor) + (m + 1 < f.machines.size() ? ", \\\n" : "\n");
  // The PNG as large as the SVG: the shared PNG line has the results folder's fixed size.
  std::string png = png_terminal_line(png_terminal);
  if (const std::size_t at = png.find(" size "); at != std::string::npos)
    png.replace(at + 6, png.find(' ', at + 6) - (at + 6), width + "," + height);
  out += png + "\nset output 'compare.png'\nreplot\nset output\n";
  return out;
}

OutputReport draw_machine_figure(const std::filesystem::path& dir, const MachineFigure& f) {
  Drawer d = make_drawer(dir);
  write_text_file(dir / kFiles.data, machine_dat_text(f));
  d.draw("compare-machines", machine_plot_script(f, d.png_terminal), kFiles);
  return d.report;
}

}  // namespace iprobe
