#include "results/header_json.hpp"

#include "env/environment_json.hpp"

using Json = nlohmann::ordered_json;

namespace iprobe {

void write_header_json(Json& json, const ResultsHeader& header) {
  json["environment"] = header.environment;
  json["warnings"] = header.warnings;
  Json extra = Json::object();
  for (const auto& [name, value] : header.extra) extra[name] = value;
  json["extra"] = std::move(extra);
}

void read_header_json(const Json& json, ResultsHeader& header) {
  header.environment = json.at("environment").get<Environment>();
  header.warnings = json.at("warnings").get<std::vector<std::string>>();
  for (const auto& [name, value] : json.at("extra").items())
    header.extra.emplace_back(name, value.get<std::string>());
}

}  // namespace iprobe
