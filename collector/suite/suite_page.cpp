#include "suite/suite_page.hpp"

#include <sstream>

#include "benchmarks/benchmark_table.hpp"
#include "compare/compare_environment.hpp"
#include "compare/compare_table.hpp"
#include "export/exporters.hpp"
#include "export/html_page.hpp"
#include "results/json_file.hpp"
#include "suite/suite_progress.hpp"
#include "util/file_util.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

std::string link(const std::string& href, const std::string& text) {
  return "<a href=\"" + html_escape(href) + "\">" + html_escape(text) + "</a>";
}

// The step's own options: its arguments without --benchmark and --scenario.
std::string options_text(const SuiteStep& step) {
  std::string out;
  for (std::size_t i = 4; i < step.args.size(); ++i) out += (out.empty() ? "" : " ") + step.args[i];
  return out.empty() ? "defaults" : out;
}

std::string steps_table(const fs::path& dir, const SuiteRecord& r) {
  std::string out =
      "<div class=\"scroll\"><table id=\"suite--steps\"><thead><tr><th>#</th><th>step</th>"
      "<th>options</th><th>status</th><th class=\"num\">wall time</th><th>results</th>"
      "<th>logs</th></tr></thead><tbody>";
  for (std::size_t i = 0; i < r.steps.size(); ++i) {
    const SuiteStep& s = r.steps[i];
    const StepOutcome& o = r.outcomes[i];
    const std::string status = status_name(o.status);
    const bool has_page = fs::exists(dir / s.name / "index.html");
    out += "<tr><td class=\"num\">" + std::to_string(i + 1) + "</td><td>" +
           (has_page ? link("#" + run_section_id(dir / s.name), s.name) : html_escape(s.name)) +
           "</td><td><code>" + html_escape(options_text(s)) + "</code></td><td><span class=\"" +
           (o.status == StepOutcome::Status::kOk ? "ok" : "failed") + "\">" + html_escape(status) +
           "</span>" + (o.error.empty() ? "" : "<br><small>" + html_escape(o.error) + "</small>") +
           "</td><td class=\"num\">" +
           (o.exit_status < 0 ? "&ndash;" : duration_text(o.wall_seconds)) + "</td><td>" +
           (fs::exists(dir / s.name) ? link(s.name + "/", s.name + "/") : "&ndash;") + "</td><td>" +
           link(step_log(s.name, "stdout"), "stdout") + " " +
           link(step_log(s.name, "stderr"), "stderr") + "</td></tr>";
  }
  return out + "</tbody></table></div>\n";
}

std::string skipped_table(const SuiteRecord& r) {
  if (r.skipped.empty()) return "<p id=\"suite--skipped\">Nothing was skipped.</p>\n";
  std::string out =
      "<table id=\"suite--skipped\"><thead><tr><th>not run</th><th>why</th></tr>"
      "</thead><tbody>";
  for (const SuiteSkip& s : r.skipped)
    out += "<tr><td>" + html_escape(s.name) + "</td><td>" + html_escape(s.reason) + "</td></tr>";
  return out + "</tbody></table>\n";
}

std::string comparison_table(const fs::path& dir, const ComparisonRecord& c) {
  try {
    std::vector<CompareFolder> folders;
    for (const std::string& run : c.runs) folders.push_back(load_compare_folder(dir / run));
    std::ostringstream table;
    print_compare_table(table, make_comparison(std::move(folders), false));
    return "<pre id=\"" + html_id(c.folder) + "--table\">" + html_escape(table.str()) + "</pre>\n";
  } catch (const std::exception& e) {
    return "<p class=\"failed\">" + html_escape(e.what()) + "</p>\n";
  }
}

std::string comparisons_html(const fs::path& dir, const SuiteRecord& r) {
  std::string out = "<h2 id=\"comparisons\">Comparison</h2>\n";
  if (r.comparisons.empty()) return out + "<p class=\"skipped\">No run to compare.</p>\n";
  out +=
      "<p>One figure per kind of cycles: emulated (QEMU TCG) and hardware cycles are never "
      "drawn together. Bars: p50 of the calls (entry latency), median of the runs (round "
      "trip); log scale.</p>\n";
  for (const ComparisonRecord& c : r.comparisons) {
    const std::string id = html_id(c.folder);
    out += "<h3>" + html_escape(c.cycles) + " cycles: " + std::to_string(c.runs.size()) +
           (c.runs.size() == 1 ? " run" : " runs") + "</h3>\n";
    const std::string svg = inline_svg(dir / c.folder / "compare.svg", id + "-");
    out += "<figure id=\"" + id + "--figure-compare\">" +
           (svg.empty() ? "<p class=\"skipped\">no figure (gnuplot missing or compare failed)</p>"
                        : svg) +
           "<figcaption>" + link(c.folder + "/compare.svg", "SVG") + " &middot; " +
           link(c.folder + "/compare.png", "PNG") + " &middot; " +
           link(c.folder + "/compare.csv", "compare.csv") + "</figcaption></figure>\n";
    out += comparison_table(dir, c);
  }
  return out;
}

// A run's section, and its own index.html; a note when its folder cannot be read.
std::string run_html(const fs::path& dir, const SuiteRecord& r, std::size_t i,
                     std::vector<std::string>& notes) {
  const SuiteStep& step = r.steps[i];
  const fs::path run = dir / step.name;
  if (!fs::exists(run / "summary.json")) return "";
  try {
    const Results results =
        read_results(read_json_file(run / "summary.json"), run, ReadDepth::kWithSamples);
    std::ostringstream ignored;
    write_outputs(results, ExportTarget{run, ignored}, {Output::kHtml});
    return run_section(results, RunPlacement{run, step.name + "/", 2, true, r.machine_warnings});
  } catch (const std::exception& e) {
    notes.push_back(step.name + ": " + e.what());
    return "<h2 class=\"failed\">" + html_escape(step.name) + "</h2><p>" + html_escape(e.what()) +
           "</p>\n";
  }
}

std::string header_html(const SuiteRecord& r) {
  std::size_t ok = 0;
  for (const StepOutcome& o : r.outcomes) ok += o.status == StepOutcome::Status::kOk ? 1 : 0;
  return "<h1>Benchmark suite on " + html_escape(r.host.empty() ? "this machine" : r.host) +
         "</h1>\n<p class=\"sub\">" + html_escape(r.started) + " &middot; " +
         (r.quick ? "quick suite" : "full suite") + " &middot; " + std::to_string(ok) + " of " +
         std::to_string(r.steps.size()) + " steps succeeded, " + std::to_string(r.skipped.size()) +
         " skipped &middot; " + html_escape(duration_text(r.wall_seconds)) +
         " &middot; exit status " + std::to_string(r.exit_status) + "<br><code>" +
         html_escape(r.command) + "</code></p>\n";
}

}  // namespace

std::vector<std::string> write_suite_page(const fs::path& dir, const SuiteRecord& r) {
  std::vector<std::string> notes;
  std::string runs;
  for (std::size_t i = 0; i < r.steps.size(); ++i) runs += run_html(dir, r, i, notes);
  std::string page = page_begin("Benchmark suite - " + r.host + " - " + r.started);
  page += header_html(r);
  page +=
      "<nav class=\"toc\"><ol><li><a href=\"#machine\">Machine</a></li><li><a "
      "href=\"#steps\">Steps and skips</a></li><li><a href=\"#comparisons\">Comparison</a>"
      "</li><li><a href=\"#runs\">Runs</a></li></ol></nav>\n";
  page += "<h2>Machine</h2>\n" + machine_section(r.machine, "machine");
  page += warnings_box(r.machine_warnings, "");
  page += "<h2 id=\"steps\">Steps</h2>\n" + steps_table(dir, r);
  page += "<h3>Skipped</h3>\n" + skipped_table(r);
  std::vector<std::string> all_notes = r.notes;
  all_notes.insert(all_notes.end(), notes.begin(), notes.end());
  page += warnings_box(all_notes, "");
  page += comparisons_html(dir, r);
  page += "<div id=\"runs\"></div>\n" + runs + page_end();
  write_text_file(dir / "index.html", page);
  return notes;
}

int write_suite_page_command(const fs::path& dir, std::ostream& out, std::ostream& err) {
  try {
    const SuiteRecord record = read_suite_record(dir / kSuiteRecordFile);
    for (const std::string& note : write_suite_page(dir, record))
      err << "WARNING: " << note << '\n';
    out << "page: " << (dir / "index.html").string() << '\n';
    return 0;
  } catch (const std::exception& e) {
    err << "collector report: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace iprobe
