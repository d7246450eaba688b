#include "report/compare_data.hpp"

#include <nlohmann/json.hpp>

#include "env/environment_json.hpp"
#include "report/json_file.hpp"
#include "report/report_output.hpp"
#include "report/roundtrip.hpp"

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

// An interrupted run: {"incomplete": true, ...} or "extra": {"incomplete": "why"}.
void check_complete(const std::string& folder, const Json& json) {
  if (!json.is_object()) refuse(folder, "summary.json is not a JSON object; re-run the benchmark");
  std::string why;
  if (json.contains("incomplete")) why = json.value("error", std::string("interrupted"));
  if (const auto extra = json.find("extra"); extra != json.end() && extra->is_object())
    if (const auto it = extra->find("incomplete"); it != extra->end() && it->is_string())
      why = it->get<std::string>();
  if (!why.empty())
    refuse(folder, "is an incomplete run (" + why + "); re-run the benchmark to compare it");
}

CompareSeries entry_series(const std::string& folder, const Json& json) {
  const Summary s = read_summary_json(json);
  if (s.latency.n == 0)
    refuse(folder, "has no paired call (" + std::to_string(s.counts.paired) + " of " +
                       std::to_string(s.counts.expected) +
                       " paired, none on the same CPU); see its summary.json and re-run");
  CompareSeries series{.folder = folder,
                       .scenario = s.scenario,
                       .benchmark = "entry",
                       .variant = "entry " + s.probe + "/" + s.mode,
                       .statistic = kStatisticCalls,
                       .n = s.latency.n};
  series.entry = static_cast<double>(s.latency.p50);
  // Format 2: the stamps after the call split the round trip (format-v2.md); the parts are
  // medians over the same-CPU calls that have all four stamps.
  if (s.anatomy) {
    series.n = s.anatomy->round_trip.n;
    series.entry = static_cast<double>(s.anatomy->entry.p50);
    series.kernel = static_cast<double>(s.anatomy->kernel.p50);
    series.exit = static_cast<double>(s.anatomy->exit.p50);
    series.round_trip = static_cast<double>(s.anatomy->round_trip.p50);
  }
  return series;
}

void add_roundtrip_series(CompareFolder& out, const Json& json) {
  const RoundtripSummary s = read_roundtrip_summary_json(json);
  for (const VariantResult& v : s.variants) {
    if (v.stats.n == 0) {
      out.notes.push_back(out.folder + ": variant " + v.name + " left out: no usable run");
      continue;
    }
    CompareSeries series{.folder = out.folder,
                         .scenario = s.scenario,
                         .benchmark = "roundtrip",
                         .variant = v.name,
                         .statistic = kStatisticRuns,
                         .n = v.stats.n};
    series.round_trip = v.stats.p50;
    out.series.push_back(std::move(series));
  }
  if (out.series.empty())
    refuse(out.folder, "has no usable run of any variant; see its summary.json and re-run");
}

}  // namespace

std::string folder_name(const std::string& folder) {
  const fs::path path = fs::path(folder).lexically_normal();
  const fs::path name = path.has_filename() ? path.filename() : path.parent_path().filename();
  return name.empty() ? folder : name.string();
}

double CompareSeries::height() const {
  if (split()) return entry.value_or(0) + kernel.value_or(0) + exit.value_or(0);
  if (round_trip) return *round_trip;
  return entry.value_or(0);
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
  try {
    out.environment = json.at("environment").get<Environment>();
    if (json.value("benchmark", "") == "roundtrip") {
      add_roundtrip_series(out, json);
    } else {
      out.series.push_back(entry_series(out.folder, json));
    }
  } catch (const nlohmann::json::exception& e) {
    refuse(out.folder, std::string("summary.json is not a summary this collector wrote (") +
                           e.what() + "); re-run the benchmark");
  }
  return out;
}

}  // namespace iprobe
