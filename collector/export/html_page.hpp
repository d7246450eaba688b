// The pieces index.html is made of (export/html_export.cpp writes one results folder's page,
// suite/suite_page.cpp a suite's): the page's frame with its style, the machine and its
// warnings, one run's section (its table, figures, summary members and files), gnuplot's SVG
// inlined, and summary.json members as HTML tables (html_json.hpp).
//
// A page is self-contained: styles inline, figures inline as SVG, no script, nothing fetched
// (its Content-Security-Policy forbids every load, so a browser reports any attempt on the
// console, which the browser test fails on). Links point to the folder's own files, relative to
// the page.
//
// Element ids, which the browser test looks for: a run's section is "run-NAME" (NAME: its
// folder's name, html_id), each of its summary.json members "run-NAME--MEMBER", each figure
// "run-NAME--figure-FIGURE", its console table "run-NAME--table".
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "results/results.hpp"

namespace iprobe {

std::string html_escape(std::string_view text);
// Letters, digits, '-', '_' and '.' kept, anything else as '_': a name usable in an id.
std::string html_id(std::string_view text);

// <!DOCTYPE html> to <main>, with the style and the policy; then the body's HTML; then the end.
std::string page_begin(std::string_view title);
std::string page_end();

// The machine (kernel, CPU, TSC, hypervisor, mitigations, ...) and its warnings first. `id`
// names the section.
std::string machine_section(const Environment& environment, const std::string& id);

// A list of warnings in a warning box (id on the list); "" when there are none and no id.
std::string warnings_box(const std::vector<std::string>& warnings, const std::string& id);

// An SVG file as an inline <svg> element whose ids are prefixed with `id_prefix` (gnuplot uses
// the same ids in every figure); "" when the file cannot be read.
std::string inline_svg(const std::filesystem::path& file, const std::string& id_prefix);

// Links to the files of a folder (its top level and raw/), relative to the page.
std::string files_list(const std::filesystem::path& dir, const std::string& link_base,
                       const std::string& id);

struct RunPlacement {
  std::filesystem::path dir;  // the results folder
  std::string link_base;      // its path relative to the page: "" or "entry-linux/"
  int level = 2;              // heading level of the section's title
  // The run's environment shown in its section (a suite's page); else the page's machine
  // section (written before) holds it.
  bool environment_in_section = false;
  std::vector<std::string> shown_above;  // warnings the page showed already (the machine's)
};

// Its section's id, "run-NAME".
std::string run_section_id(const std::filesystem::path& dir);

// One run: title, warnings, parameters, the kind's table, figures, the kind's sections of
// summary.json members (every other member under the parameters), environment, files.
std::string run_section(const Results& results, const RunPlacement& placement);

}  // namespace iprobe
