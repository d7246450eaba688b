#include "compare/compare_data.hpp"

#include <nlohmann/json.hpp>

#include "benchmarks/benchmark_table.hpp"
#include "results/json_file.hpp"
#include "results/run_facts_json.hpp"

namespace iprobe {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
namespace {

[[noreturn]] void refuse(const std::string& folder, const std::string& what) {
  throw CompareInputError(folder + ": " + what);
}

void check_folder(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec))
    refuse(dir.string(), "does not exist; give folders the collector wrote (--output-dir)");
  if (!fs::is_directory(dir, ec))
    refuse(dir.string(), "is not a directory; give folders the collector wrote (--output-dir)");
  if (!fs::is_regular_file(dir / "summary.json", ec))
    refuse(dir.string(),
           "has no summary.json: not a results folder, or its run did not finish; re-run the "
           "benchmark");
}

// A run whose results are partial (interrupted, its loop killed by a signal), in any form the
// collector wrote.
void check_complete(const std::string& folder, const Json& json) {
  if (!json.is_object()) refuse(folder, "summary.json is not a JSON object; re-run the benchmark");
  if (const std::optional<std::string> why = summary_incomplete_reason(json))
    refuse(folder, "is an incomplete run (" + *why + "); re-run the benchmark to compare it");
}

}  // namespace

std::string folder_name(const std::string& folder) {
  const fs::path path = fs::path(folder).lexically_normal();
  const fs::path name = path.has_filename() ? path.filename() : path.parent_path().filename();
  return name.empty() ? folder : name.string();
}

CompareFolder load_compare_folder(const fs::path& dir) {
  check_folder(dir);
  CompareFolder out;
  out.folder = dir.string();
  Json json;
  try {
    json = read_json_file(dir / "summary.json");
  } catch (const std::runtime_error& e) {
    throw CompareInputError(e.what());
  }
  check_complete(out.folder, json);
  Results results;
  try {
    results = read_results(json, dir, ReadDepth::kSummary);
  } catch (const SummaryFormatError& e) {
    refuse(out.folder, std::string("summary.json is not a summary this collector wrote (") +
                           e.what() + "); re-run the benchmark");
  }
  out.environment = results.header.environment;
  std::vector<std::string> notes;
  try {
    out.series = results.kind->compare_series(results.header, notes);
  } catch (const std::runtime_error& e) {
    refuse(out.folder, e.what());
  }
  for (CompareSeries& series : out.series) series.folder = out.folder;
  for (const std::string& note : notes) out.notes.push_back(out.folder + ": " + note);
  return out;
}

}  // namespace iprobe
