// A suite's index.html (built from export/html_page.hpp's pieces): the machine and its
// warnings first, then the steps (status, wall time, results, logs) and what was skipped and
// why, the comparisons (figure and table, one per kind of cycles), then every run's section as
// its own page has it. Each run folder also gets its own index.html, so a run can be sent alone.
//
// Ids for the browser test, besides the runs' (html_page.hpp): "suite--steps",
// "suite--skipped", "machine", and per comparison "FOLDER--figure-compare" and "FOLDER--table".
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "suite/suite_record.hpp"

namespace iprobe {

// Writes DIR/index.html and DIR/RUN/index.html of every run that has results. Returns what it
// could not show (a run folder it cannot read), also named on the page. Throws
// std::runtime_error when the page cannot be written.
std::vector<std::string> write_suite_page(const std::filesystem::path& dir,
                                          const SuiteRecord& record);

// `collector report DIR --html` for a suite folder: the pages again from DIR/suite.json.
// 0, or 1 with one line on err.
int write_suite_page_command(const std::filesystem::path& dir, std::ostream& out,
                             std::ostream& err);

}  // namespace iprobe
