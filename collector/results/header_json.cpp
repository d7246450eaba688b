#include "results/header_json.hpp"

#include <string>

#include "env/environment_json.hpp"
#include "results/run_facts_json.hpp"

using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

Json text_or_null(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

std::string text_of(const Json& json) { return json.is_null() ? "" : json.get<std::string>(); }

Json loop_json(const LoopProvenance& loop) {
  return Json{{"variant", text_or_null(loop.variant)},
              {"program", loop.program},
              {"path", loop.path},
              {"sha256", text_or_null(loop.sha256)},
              {"compiler", text_or_null(loop.compiler)},
              {"flags", text_or_null(loop.flags)}};
}

LoopProvenance loop_from_json(const Json& json) {
  LoopProvenance loop;
  loop.variant = text_of(json.at("variant"));
  loop.program = json.at("program").get<std::string>();
  loop.path = json.at("path").get<std::string>();
  loop.sha256 = text_of(json.at("sha256"));
  loop.compiler = text_of(json.at("compiler"));
  loop.flags = text_of(json.at("flags"));
  return loop;
}

// Summaries older than the provenance member kept the duration in "extra" as text ("3.94").
std::optional<double> legacy_wall_seconds(ResultsHeader& header) {
  for (auto it = header.extra.begin(); it != header.extra.end(); ++it) {
    if (it->first != "wall_seconds") continue;
    const std::string text = it->second;
    header.extra.erase(it);
    try {
      return std::stod(text);
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

Json provenance_json(const Provenance& p) {
  Json loops = Json::array();
  for (const LoopProvenance& loop : p.loops) loops.push_back(loop_json(loop));
  return Json{{"version", p.version},
              {"commit", p.commit},
              {"dirty", p.dirty},
              {"describe", p.describe},
              {"command_line", p.command_line},
              {"loops", std::move(loops)}};
}

Provenance provenance_from_json(const Json& json) {
  Provenance p;
  p.version = json.at("version").get<std::string>();
  p.commit = json.at("commit").get<std::string>();
  p.dirty = json.at("dirty").get<bool>();
  p.describe = json.at("describe").get<std::string>();
  p.command_line = json.at("command_line").get<std::vector<std::string>>();
  for (const Json& loop : json.at("loops")) p.loops.push_back(loop_from_json(loop));
  return p;
}

void write_header_lead_json(Json& json, const ResultsHeader& header) {
  json["benchmark"] = name(header.benchmark);
}

void write_header_json(Json& json, const ResultsHeader& header) {
  write_run_facts(json, header.facts);
  if (header.tracepoint_cost)
    json["tracepoint_cost"] = tracepoint_cost_json(*header.tracepoint_cost);
  json["environment"] = header.environment;
  json["warnings"] = header.warnings;
  Json extra = Json::object();
  for (const auto& [name, value] : header.extra) extra[name] = value;
  json["extra"] = std::move(extra);
  json["wall_seconds"] = header.wall_seconds ? Json(*header.wall_seconds) : Json(nullptr);
  json["provenance"] = header.provenance ? provenance_json(*header.provenance) : Json(nullptr);
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
  const auto wall = json.find("wall_seconds");
  if (wall != json.end() && !wall->is_null())
    header.wall_seconds = wall->get<double>();
  else
    header.wall_seconds = legacy_wall_seconds(header);
  if (const auto it = json.find("provenance"); it != json.end() && !it->is_null())
    header.provenance = provenance_from_json(*it);
}

}  // namespace iprobe
