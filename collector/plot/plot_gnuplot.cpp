#include "plot/plot_gnuplot.hpp"

#include <boost/process.hpp>
#include <fstream>
#include <system_error>

namespace bp = boost::process;

namespace iprobe {
namespace {

std::string first_lines(const std::filesystem::path& log, int max_lines) {
  std::ifstream in(log);
  std::string line;
  std::string out;
  for (int i = 0; i < max_lines && std::getline(in, line);) {
    if (line.find_first_not_of(" \t^") == std::string::npos) continue;
    out += (out.empty() ? "" : " | ") + line;
    ++i;
  }
  return out;
}

}  // namespace

std::optional<std::filesystem::path> find_gnuplot() {
  const boost::filesystem::path found = bp::search_path("gnuplot");
  if (found.empty()) return std::nullopt;
  return std::filesystem::path(found.string());
}

std::string detect_png_terminal(const std::filesystem::path& gnuplot) {
  try {
    const int rc = bp::system(gnuplot.string(), "-e", "set terminal pngcairo",
                              bp::std_in<bp::null, bp::std_out> bp::null, bp::std_err > bp::null);
    return rc == 0 ? "pngcairo" : "png";
  } catch (const std::exception&) {
    return "png";
  }
}

std::string run_gnuplot(const std::filesystem::path& gnuplot, const std::filesystem::path& script,
                        const std::filesystem::path& work_dir, const std::filesystem::path& log) {
  int rc = 0;
  try {
    rc = bp::system(gnuplot.string(), script.string(), bp::start_dir = work_dir.string(),
                    bp::std_in<bp::null, (bp::std_out & bp::std_err)> log.string());
  } catch (const std::exception& e) {
    return "cannot run " + gnuplot.string() + ": " + e.what();
  }
  if (rc == 0) return "";
  std::string detail = first_lines(log, 3);
  return "gnuplot failed on " + script.string() + " (exit " + std::to_string(rc) + ")" +
         (detail.empty() ? "" : ": " + detail) + "; full output in " + log.string();
}

}  // namespace iprobe
