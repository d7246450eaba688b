// The figures, drawn by gnuplot: each kind's data and script under plot-data/, SVG and PNG in the
// results folder.
#include "export/exporters.hpp"
#include "plot/plot_drawer.hpp"
#include "util/file_util.hpp"

namespace iprobe {

void export_plots(const Results& results, const ExportTarget& target, OutputReport& report) {
  Drawer drawer = make_drawer(target.dir);
  const FigureSet set =
      results.kind->figures(results.header, FigureContext{target.dir, drawer.png_terminal});
  for (const Figure& figure : set.figures) {
    write_text_file(target.dir / figure.files.data, figure.data_text);
    drawer.draw(figure.name, figure.script, figure.files);
  }
  const OutputReport& drawn = drawer.report;
  report.written.insert(report.written.end(), drawn.written.begin(), drawn.written.end());
  report.notes.insert(report.notes.end(), set.notes.begin(), set.notes.end());
  report.warnings.insert(report.warnings.end(), drawn.warnings.begin(), drawn.warnings.end());
}

}  // namespace iprobe
