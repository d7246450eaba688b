#include "benchmarks/capture.hpp"

#include <algorithm>

#include "env/environment.hpp"
#include "env/environment_json.hpp"
#include "results/header_json.hpp"
#include "results/run_facts_json.hpp"

using Json = nlohmann::ordered_json;

namespace iprobe {

std::vector<std::string> Capture::run_warnings() const {
  std::vector<std::string> all = warnings;
  for (std::string& caveat : environment_warnings(environment)) all.push_back(std::move(caveat));
  return all;
}

ResultsHeader Capture::results_header(Benchmark benchmark) const {
  ResultsHeader header;
  header.benchmark = benchmark;
  header.scenario = scenario;
  header.environment = environment;
  header.facts = facts;
  header.warnings = run_warnings();
  header.wall_seconds = wall_seconds;
  header.provenance = provenance;
  return header;
}

void Capture::write_common_record(Json& json) const {
  json["wall_seconds"] = wall_seconds ? Json(*wall_seconds) : Json(nullptr);
  json["warnings"] = run_warnings();
  write_run_facts(json, facts);
  json["environment"] = environment;
  json["provenance"] = provenance ? provenance_json(*provenance) : Json(nullptr);
}

void Capture::read_common_record(const Json& json) {
  if (!json.at("wall_seconds").is_null()) wall_seconds = json.at("wall_seconds").get<double>();
  facts = read_run_facts(json);
  environment = json.at("environment").get<Environment>();
  warnings = json.at("warnings").get<std::vector<std::string>>();
  const std::vector<std::string> caveats = environment_warnings(environment);
  std::erase_if(warnings, [&](const std::string& w) {
    return std::find(caveats.begin(), caveats.end(), w) != caveats.end();
  });
}

}  // namespace iprobe
