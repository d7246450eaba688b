// summary.json: "benchmark", the kind's members, then the ones every kind shares.
#include "export/exporters.hpp"
#include "results/header_json.hpp"
#include "results/json_file.hpp"

namespace iprobe {

nlohmann::ordered_json summary_json(const Results& results) {
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  write_header_lead_json(json, results.header);
  results.kind->write_summary_json(json, results.header);
  write_header_json(json, results.header);
  return json;
}

void export_summary_json(const Results& results, const ExportTarget& target, OutputReport& report) {
  const std::filesystem::path path = target.dir / "summary.json";
  write_json_file(path, "summary", summary_json(results));
  report.written.push_back(path);
}

}  // namespace iprobe
