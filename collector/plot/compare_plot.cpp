#include "plot/compare_plot.hpp"

#include <algorithm>
#include <cmath>

#include "util/file_util.hpp"
#include "util/text_format.hpp"

namespace iprobe {
namespace {

const PlotFiles kFiles{"plot-data/compare.dat", "compare.svg", "compare.png"};

std::string value(const std::optional<double>& v) { return v ? general(*v) : std::string("-"); }

std::string span(double low, double high) { return general(low) + ' ' + general(high); }

// Columns 3-10 of a bar: the bottom segment (entry, or the unsplit whole) rises from the axis
// floor to its value, as on a log axis nothing starts at 0; kernel and exit stack on it.
std::string segments(const CompareBar& b, double floor) {
  const std::string none = "- -";
  std::string out = b.entry ? span(floor, *b.entry) : none;
  double top = b.entry.value_or(0);
  for (const std::optional<double>& part : {b.kernel, b.exit}) {
    out += ' ' + (part ? span(top, top + *part) : none);
    top += part.value_or(0);
  }
  return out + ' ' + (b.whole ? span(floor, *b.whole) : none);
}

// One series of boxes from columns (low, high) of the data file.
std::string boxes(const std::string& source, int low_column, const char* color,
                  const std::string& title) {
  const std::string lo = std::to_string(low_column);
  const std::string hi = std::to_string(low_column + 1);
  return source + " using 1:(($" + lo + "+$" + hi + ")/2):($1-0.35):($1+0.35):" + lo + ":" + hi +
         " with boxxyerror fillstyle solid 0.85 border rgb 'black' linecolor rgb '" + color +
         "' title " + gnuplot_quote(title);
}

}  // namespace

double log_axis_floor(double lowest) {
  return lowest > 0 ? std::pow(10.0, std::floor(std::log10(lowest))) : 1.0;
}

double compare_axis_floor(const std::vector<CompareBar>& bars) {
  double lowest = 0;
  for (const CompareBar& b : bars) {
    const std::optional<double> bottom = b.entry ? b.entry : b.whole;
    if (bottom && *bottom > 0 && (lowest == 0 || *bottom < lowest)) lowest = *bottom;
  }
  return log_axis_floor(lowest);
}

std::string compare_dat_text(const CompareFigure& figure) {
  const double floor = compare_axis_floor(figure.bars);
  std::string out =
      "# index label entry_low entry_high kernel_low kernel_high exit_low exit_high whole_low "
      "whole_high round_trip_p50 height\n";
  for (std::size_t i = 0; i < figure.bars.size(); ++i) {
    const CompareBar& b = figure.bars[i];
    out += std::to_string(i) + ' ' + gnuplot_quote(b.label) + ' ' + segments(b, floor) + ' ' +
           value(b.round_trip) + ' ' + general(b.height) + '\n';
  }
  return out;
}

std::string compare_plot_script(const CompareFigure& figure, const std::string& png_terminal) {
  const std::string n = std::to_string(figure.bars.size());
  std::string out =
      "# Cycles per call per scenario/variant, drawn from plot-data/compare.dat (written by "
      "collector compare).\n# Edit and re-run from the output folder:  gnuplot "
      "plot-data/compare.gp\n";
  out +=
      "set terminal svg size 960,600 dynamic noenhanced font 'sans,12' background rgb "
      "'white'\nset output 'compare.svg'\nset encoding utf8\n";
  out += "set title " +
         gnuplot_quote("ioctl: TSC cycles per call per scenario/variant (log scale)\n" +
                       figure.subtitle) +
         "\n";
  out += "set datafile missing '-'\nset logscale y\nset grid ytics\n";
  out += "set yrange [" + general(compare_axis_floor(figure.bars)) + ":*]\n";
  out += "set xrange [-0.6:" + n + "-0.4]\n";
  out += "set ylabel 'TSC cycles per call (log scale)'\nset xtics rotate by -35 nomirror\n";
  out += "set key inside top right opaque box\nset bmargin 13\nset offsets 0, 0, graph 0.25, 0\n";
  out += "plot " + boxes("'plot-data/compare.dat'", 3, "#4a78b0", "entry") + ", \\\n  " +
         boxes("''", 5, "#e0a030", "kernel") + ", \\\n  " + boxes("''", 7, "#59a14f", "exit") +
         ", \\\n  " + boxes("''", 9, "#9c9c9c", "round trip (not split)") + ", \\\n" +
         "  '' using 1:11 with points pointtype 7 pointsize 1.2 linecolor rgb 'black' title "
         "'round trip p50 of the split calls', \\\n"
         "  '' using 1:12:(sprintf($12 < 100 ? '%.1f' : '%.0f', $12)):xtic(2) with labels offset "
         "0,0.8 notitle\n";
  out += png_terminal_line(png_terminal) + "\nset output 'compare.png'\nreplot\nset output\n";
  return out;
}

OutputReport draw_compare_figure(const std::filesystem::path& dir, const CompareFigure& figure) {
  Drawer d = make_drawer(dir);
  write_text_file(dir / kFiles.data, compare_dat_text(figure));
  d.draw("compare", compare_plot_script(figure, d.png_terminal), kFiles);
  return d.report;
}

}  // namespace iprobe
