#include "benchmarks/run_record.hpp"

#include <stdexcept>

#include "benchmarks/capture.hpp"
#include "results/json_file.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace iprobe {

Json file_names_json(const std::vector<fs::path>& paths) {
  Json names = Json::array();
  for (const fs::path& p : paths) names.push_back(p.filename().string());
  return names;
}

std::vector<fs::path> paths_in(const fs::path& raw, const Json& names) {
  std::vector<fs::path> paths;
  for (const Json& name : names) paths.push_back(raw / name.get<std::string>());
  return paths;
}

Json pairs_json(const std::vector<std::pair<std::string, std::string>>& pairs) {
  Json json = Json::array();
  for (const auto& [key, value] : pairs) json.push_back(Json::array({key, value}));
  return json;
}

std::vector<std::pair<std::string, std::string>> pairs_from_json(const Json& json) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const Json& kv : json)
    pairs.emplace_back(kv.at(0).get<std::string>(), kv.at(1).get<std::string>());
  return pairs;
}

Json read_run_record(const fs::path& raw, Benchmark benchmark) {
  const fs::path path = raw / kRunRecordFile;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw std::runtime_error(path.string() +
                             " is missing: the run stopped before its capture was complete "
                             "(see raw/console.log, if any); rerun the measurement");
  Json json = read_json_file(path);
  if (value_in(kBenchmarkNames, json.value("benchmark", "")) != benchmark)
    throw std::runtime_error(path.string() + " is not the record of a " + name(benchmark) +
                             " run; rerun the measurement");
  return json;
}

}  // namespace iprobe
