#include "export/html_page.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "env/environment.hpp"
#include "export/exporters.hpp"
#include "export/html_json.hpp"
#include "util/file_util.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

// Every load is refused (styles are inline, figures inline SVG); links still navigate.
constexpr const char* kPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

constexpr const char* kStyle = R"(
:root{--fg:#1c2230;--muted:#5a6376;--line:#d8dde6;--band:#f4f6f9;--warn:#fff5dc;--warnline:#d99a00;--link:#2556a8}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
main{max-width:1120px;margin:0 auto;padding:28px 32px 72px}
a{color:var(--link)}
h1{font-size:26px;margin:0 0 2px}
h2{font-size:21px;margin:44px 0 6px;padding-top:14px;border-top:2px solid var(--line)}
h3{font-size:16px;margin:26px 0 6px}
h4{font-size:15px;margin:20px 0 6px}
.sub{color:var(--muted);margin:0 0 14px}
code,pre,td.num{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,monospace}
code{font-size:.92em}
table{border-collapse:collapse;margin:6px 0 16px;font-size:13.5px}
caption{caption-side:top;text-align:left;padding:2px 0 4px;font-weight:600}
th,td{padding:3px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--band);font-weight:600;white-space:nowrap}
tbody th{font-weight:500;color:var(--muted);white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums;font-size:13px;white-space:nowrap}
table.kv{min-width:360px}
.scroll{overflow-x:auto;max-width:100%}
pre{background:var(--band);border:1px solid var(--line);border-radius:4px;padding:10px 12px;overflow-x:auto;font-size:12px;line-height:1.35}
.warnings{background:var(--warn);border-left:4px solid var(--warnline);padding:6px 14px 6px 30px;margin:10px 0 14px}
.warnings li{margin:3px 0}
figure{margin:10px 0 22px}
figure svg{display:block;width:100%;max-width:960px;height:auto;border:1px solid var(--line)}
figcaption{font-size:13px;color:var(--muted);margin-top:4px}
details{margin:6px 0 14px}
summary{cursor:pointer;color:var(--muted)}
ul.files{columns:2;font-size:13.5px;padding-left:20px}
.ok{color:#16723a;font-weight:600}.failed{color:#b3261e;font-weight:600}.skipped{color:var(--muted)}
nav.toc{background:var(--band);border:1px solid var(--line);border-radius:4px;padding:8px 16px;margin:14px 0}
nav.toc ol{margin:4px 0;padding-left:22px}
@media print{main{max-width:none;padding:0}h2{break-before:page}}
)";

std::string row(const std::string& name, const std::string& value_html) {
  return "<tr><th scope=\"row\">" + html_escape(name) + "</th><td>" + value_html + "</td></tr>";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : " ") + item;
  return out;
}

std::string or_unknown(const std::string& text) {
  return text.empty() ? "<span class=\"skipped\">unknown</span>" : html_escape(text);
}

// gnuplot's ids ("gpPt1", "gnuplot_canvas") and the references to them, made unique per figure.
std::string prefix_ids(std::string svg, const std::string& prefix) {
  for (const std::string_view from : {"id='", "id=\"", "href='#", "href=\"#", "url(#"}) {
    const std::string to = std::string(from) + prefix;
    for (std::size_t at = svg.find(from); at != std::string::npos;
         at = svg.find(from, at + to.size()))
      svg.replace(at, from.size(), to);
  }
  return svg;
}

std::string heading(int level, const std::string& html, const std::string& id = "") {
  const std::string h = "h" + std::to_string(std::clamp(level, 1, 6));
  return "<" + h + (id.empty() ? "" : " id=\"" + id + "\"") + ">" + html + "</" + h + ">\n";
}

// The members the kind's sections name, so the others can be shown under the parameters.
std::set<std::string> sectioned(const std::vector<PageSection>& sections) {
  std::set<std::string> names{"environment", "warnings"};
  for (const PageSection& s : sections) names.insert(s.members.begin(), s.members.end());
  return names;
}

std::string figures_html(const Results& results, const RunPlacement& at, const std::string& id) {
  const FigureSet set = results.kind->figures(results.header, FigureContext{at.dir});
  std::string out;
  for (const Figure& figure : set.figures) {
    const std::string fid = id + "--figure-" + html_id(figure.name);
    const std::string svg = inline_svg(at.dir / figure.files.svg, fid + "-");
    out += "<figure id=\"" + fid + "\">";
    out += svg.empty() ? "<p class=\"skipped\">not drawn (" + html_escape(figure.files.svg) +
                             " is missing: gnuplot was not available)</p>"
                       : svg;
    out += "<figcaption>" + html_escape(figure.name) + ": <a href=\"" +
           html_escape(at.link_base + figure.files.svg) + "\">SVG</a> &middot; <a href=\"" +
           html_escape(at.link_base + figure.files.png) + "\">PNG</a> &middot; <a href=\"" +
           html_escape(at.link_base + figure.files.data) + "\">data</a></figcaption></figure>\n";
  }
  for (const std::string& note : set.notes)
    out += "<p class=\"skipped\">" + html_escape(note) + "</p>\n";
  return out;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string html_id(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  return out;
}

std::string page_begin(std::string_view title) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"" +
         std::string(kPolicy) +
         "\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         html_escape(title) + "</title>\n<style>" + kStyle + "</style></head>\n<body><main>\n";
}

std::string page_end() { return "</main></body></html>\n"; }

std::string warnings_box(const std::vector<std::string>& warnings, const std::string& id) {
  const std::string id_attr = id.empty() ? "" : " id=\"" + id + "\"";
  if (warnings.empty())
    return id.empty() ? "" : "<p" + id_attr + " class=\"skipped\">No warnings.</p>\n";
  std::string out = "<ul class=\"warnings\"" + id_attr + ">";
  for (const std::string& w : warnings) out += "<li>" + html_escape(w) + "</li>";
  return out + "</ul>\n";
}

std::string machine_section(const Environment& e, const std::string& id) {
  std::string rows;
  rows += row("CPU", or_unknown(e.cpu_model));
  rows += row("kernel", or_unknown(e.kernel));
  rows +=
      row("hypervisor",
          e.hypervisor.empty()
              ? "none (bare metal)"
              : html_escape(e.hypervisor + (e.hypervisor_signature.empty()
                                                ? ""
                                                : " (CPUID \"" + e.hypervisor_signature + "\")")));
  if (!e.accel.empty()) rows += row("QEMU accelerator", html_escape(e.accel));
  rows += row("TSC kHz", or_unknown(e.tsc_khz));
  rows += row("TSC flags", or_unknown(joined(e.tsc_flags)));
  if (e.cpu >= 0) rows += row("loop CPU", std::to_string(e.cpu));
  if (!e.smt.empty()) rows += row("SMT", html_escape(e.smt));
  if (!e.governor.empty()) rows += row("cpufreq governor", html_escape(e.governor));
  for (const auto& [vcpu, host] : e.vcpu_host_cpus)
    rows += row("vCPU " + vcpu, "host CPUs " + html_escape(host));
  std::string mitigations;
  for (const auto& [name, line] : e.mitigations)
    if (line != "Not affected") mitigations += row(name, html_escape(line));
  std::string out = "<table class=\"kv\" id=\"" + id + "\"><tbody>" + rows + "</tbody></table>\n";
  if (!mitigations.empty())
    out +=
        "<table class=\"kv\"><caption>CPU vulnerabilities (those the kernel lists as not "
        "affected left out)</caption><tbody>" +
        mitigations + "</tbody></table>\n";
  return out;
}

std::string inline_svg(const fs::path& file, const std::string& id_prefix) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return "";
  std::string text;
  try {
    text = read_text_file(file);
  } catch (const std::exception&) {
    return "";
  }
  const std::size_t start = text.find("<svg");
  if (start == std::string::npos) return "";
  return prefix_ids(text.substr(start), id_prefix);
}

std::string files_list(const fs::path& dir, const std::string& link_base, const std::string& id) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const fs::path& sub : {fs::path(), fs::path("raw")}) {
    for (const auto& entry : fs::directory_iterator(dir / sub, ec))
      if (entry.is_regular_file(ec) && entry.path().filename() != "index.html")
        names.push_back((sub / entry.path().filename()).string());
  }
  std::sort(names.begin(), names.end());
  std::string out = "<ul class=\"files\" id=\"" + id + "\">";
  for (const std::string& name : names) {
    const auto bytes = fs::file_size(dir / name, ec);
    out += "<li><a href=\"" + html_escape(link_base + name) + "\">" + html_escape(name) + "</a> (" +
           (ec ? std::string("?") : std::to_string(bytes)) + " bytes)</li>";
  }
  return out + "</ul>\n";
}

std::string run_section_id(const fs::path& dir) {
  const fs::path clean = dir.filename().empty() ? dir.parent_path() : dir;
  return "run-" + html_id(clean.filename().string());
}

std::string run_section(const Results& results, const RunPlacement& at) {
  const ResultsHeader& h = results.header;
  const std::string id = run_section_id(at.dir);
  const Json summary = summary_json(results);
  const std::vector<PageSection> sections = results.kind->page_sections();
  const std::set<std::string> named = sectioned(sections);
  std::vector<std::string> parameters;
  for (const auto& [key, value] : summary.items())
    if (!named.contains(key)) parameters.push_back(key);

  const std::string folder = at.dir.filename().empty() ? at.dir.parent_path().filename().string()
                                                       : at.dir.filename().string();
  std::string out = "<section class=\"run\" id=\"" + id + "\">\n";
  out += heading(at.level, html_escape(name(h.benchmark) + " \u00b7 " + h.scenario) +
                               " <small><code>" + html_escape(folder) + "/</code></small>");
  std::vector<std::string> warnings;
  for (const std::string& w : h.warnings)
    if (std::find(at.shown_above.begin(), at.shown_above.end(), w) == at.shown_above.end())
      warnings.push_back(w);
  out += warnings_box(warnings, id + "--warnings");
  out += heading(at.level + 1, "Parameters and other members");
  out += members_html(summary, parameters, id);
  std::ostringstream table;
  results.kind->print_table(table, h);
  out += heading(at.level + 1, "Table");
  out += "<pre id=\"" + id + "--table\">" + html_escape(table.str()) + "</pre>\n";
  out += heading(at.level + 1, "Figures") + figures_html(results, at, id);
  for (const PageSection& section : sections)
    out += heading(at.level + 1, html_escape(section.title)) +
           members_html(summary, section.members, id);
  if (at.environment_in_section)
    out += "<details><summary>Environment of this run</summary>" +
           machine_section(h.environment, id + "--environment") + "</details>\n";
  out += heading(at.level + 1, "Files") + files_list(at.dir, at.link_base, id + "--files");
  return out + "</section>\n";
}

}  // namespace iprobe
