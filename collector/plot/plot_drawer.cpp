#include "plot/plot_drawer.hpp"

#include "plot/plot_gnuplot.hpp"
#include "util/file_util.hpp"

namespace iprobe {
namespace fs = std::filesystem;

void Drawer::draw(const std::string& name, const std::string& script, const PlotFiles& files) {
  const fs::path gp = data_dir / (name + ".gp");
  write_text_file(gp, script);
  if (!gnuplot) return;
  const fs::path svg = dir / files.svg;
  const fs::path png = dir / files.png;
  std::error_code ignored;
  fs::remove(svg, ignored);
  fs::remove(png, ignored);
  const fs::path log = data_dir / (name + ".log");
  const std::string error = run_gnuplot(*gnuplot, fs::path("plot-data") / (name + ".gp"), dir, log);
  if (!error.empty()) {
    report.warnings.push_back(error);
    return;
  }
  if (fs::exists(log, ignored) && fs::file_size(log, ignored) == 0) fs::remove(log, ignored);
  for (const fs::path& out : {svg, png}) {
    if (fs::exists(out) && fs::file_size(out) > 0) {
      report.written.push_back(out);
    } else {
      report.warnings.push_back("gnuplot did not write " + out.string() + "; see " + log.string());
    }
  }
}

Drawer make_drawer(const fs::path& dir) {
  Drawer d;
  d.dir = dir;
  d.data_dir = dir / "plot-data";
  fs::create_directories(d.data_dir);
  d.gnuplot = find_gnuplot();
  if (d.gnuplot) {
    d.png_terminal = detect_png_terminal(*d.gnuplot);
  } else {
    d.png_terminal = "pngcairo";
    d.report.warnings.emplace_back(kGnuplotMissing);
  }
  return d;
}

}  // namespace iprobe
