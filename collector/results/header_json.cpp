#include "results/header_json.hpp"

#include "env/environment_json.hpp"
#include "results/run_facts_json.hpp"

using Json = nlohmann::ordered_json;

namespace iprobe {

void write_header_json(Json& json, const ResultsHeader& header) {
  write_run_facts(json, header.facts);
  if (header.tracepoint_cost)
    json["tracepoint_cost"] = tracepoint_cost_json(*header.tracepoint_cost);
  json["environment"] = header.environment;
  json["warnings"] = header.warnings;
  Json extra = Json::object();
  for (const auto& [name, value] : header.extra) extra[name] = value;
  json["extra"] = std::move(extra);
}

void read_header_json(const Json& json, ResultsHeader& header) {
  header.facts = read_run_facts(json);
  if (json.contains("tracepoint_cost"))
    header.tracepoint_cost = tracepoint_cost_from_json(json.at("tracepoint_cost"));
  header.environment = json.at("environment").get<Environment>();
  header.warnings = json.at("warnings").get<std::vector<std::string>>();
  for (const auto& [name, value] : json.at("extra").items()) {
    // Summaries from before "incomplete" was typed kept the reason here.
    if (name == "incomplete" && !json.contains("incomplete")) {
      header.facts.incomplete = value.get<std::string>();
      continue;
    }
    header.extra.emplace_back(name, value.get<std::string>());
  }
}

}  // namespace iprobe
