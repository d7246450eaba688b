// index.html of one results folder: the machine and its warnings first, then the run (its
// table, figures, per-call anatomy, accounting, every other summary.json member, the files). The
// figures are the SVG files the plots exporter drew into the folder (gnuplot's drawing, not a
// result): every command writes the plots before this page.
#include "env/environment.hpp"
#include "export/exporters.hpp"
#include "export/html_page.hpp"
#include "util/file_util.hpp"

namespace iprobe {

void export_html(const Results& results, const ExportTarget& target, OutputReport& report) {
  const ResultsHeader& h = results.header;
  const std::string id = run_section_id(target.dir);
  std::string page =
      page_begin(name(h.benchmark) + " " + h.scenario + " - " + target.dir.filename().string());
  page += "<h1>" + html_escape(name(h.benchmark) + " \u00b7 " + h.scenario) + "</h1>\n";
  page +=
      "<p class=\"sub\">TSC cycles measured by the collector; every number below is from "
      "<a href=\"summary.json\">summary.json</a>.</p>\n";
  page += "<h2>Machine</h2>\n" + machine_section(h.environment, id + "--environment");
  const std::vector<std::string> machine_warnings = environment_warnings(h.environment);
  page += warnings_box(machine_warnings, "");
  page += run_section(results, RunPlacement{target.dir, "", 2, false, machine_warnings});
  page += page_end();
  const std::filesystem::path file = target.dir / "index.html";
  write_text_file(file, page);
  report.written.push_back(file);
}

}  // namespace iprobe
