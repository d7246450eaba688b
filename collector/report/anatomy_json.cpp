#include "report/anatomy_json.hpp"

#include <string>

#include "report/json_file.hpp"

using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

Json parts_json(const AnatomyStats& a) {
  return Json{{"entry", latency_json(a.entry)},
              {"kernel", latency_json(a.kernel)},
              {"exit", latency_json(a.exit)},
              {"round_trip", latency_json(a.round_trip)}};
}

AnatomyStats parts_from_json(const Json& json) {
  return AnatomyStats{latency_from_json(json.at("entry")), latency_from_json(json.at("kernel")),
                      latency_from_json(json.at("exit")), latency_from_json(json.at("round_trip"))};
}

Json cross_check_json(const CrossCheckSummary& c) {
  return Json{{"paired", c.paired},
              {"lost", c.lost},
              {"missing", c.missing},
              {"order_violations", c.order_violations},
              {"enter_gap", latency_json(c.enter_gap)},
              {"exit_gap", latency_json(c.exit_gap)}};
}

CrossCheckSummary cross_check_from_json(const std::string& probe, const Json& json) {
  CrossCheckSummary c;
  c.probe = probe;
  c.paired = json.at("paired").get<uint64_t>();
  c.lost = json.at("lost").get<uint64_t>();
  c.missing = json.value("missing", uint64_t{0});
  c.order_violations = json.at("order_violations").get<uint64_t>();
  c.enter_gap = latency_from_json(json.at("enter_gap"));
  c.exit_gap = latency_from_json(json.at("exit_gap"));
  return c;
}

}  // namespace

void write_anatomy_json(Json& json, const Summary& summary) {
  json["probes"] = summary.probes;
  json["order_violations"] = summary.counts.order_violations;
  if (summary.anatomy) json["anatomy"] = parts_json(*summary.anatomy);
  if (summary.cross_check.empty()) return;
  Json cross = Json::object();
  for (const CrossCheckSummary& c : summary.cross_check) cross[c.probe] = cross_check_json(c);
  json["cross_check"] = std::move(cross);
}

void read_anatomy_json(const Json& json, Summary& summary) {
  summary.probes = json.value("probes", std::vector<std::string>{});
  summary.counts.order_violations = json.value("order_violations", uint64_t{0});
  if (json.contains("anatomy")) summary.anatomy = parts_from_json(json.at("anatomy"));
  if (!json.contains("cross_check")) return;
  for (const auto& [probe, value] : json.at("cross_check").items()) {
    summary.cross_check.push_back(cross_check_from_json(probe, value));
  }
}

}  // namespace iprobe
