#include "results/run_facts_json.hpp"

#include "results/json_file.hpp"

using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

std::vector<Probe> probes_named(const std::string& text) {
  std::optional<std::vector<Probe>> probes = probes_from_list_name(text);
  if (!probes) throw SummaryFormatError("probe_choice '" + text + "' names no probe list");
  return *std::move(probes);
}

Json probe_choice_json(const ProbeDecision& d) {
  Json passed_over = Json::object();
  for (const auto& [probe, why] : d.passed_over) passed_over[name(probe)] = why;
  return Json{{"requested", d.requested},
              {"chosen", probe_list_name(d.chosen)},
              {"reason", d.reason},
              {"passed_over", std::move(passed_over)}};
}

ProbeDecision probe_choice_from_json(const Json& json) {
  ProbeDecision d;
  d.requested = json.at("requested").get<std::string>();
  d.chosen = probes_named(json.at("chosen").get<std::string>());
  d.reason = json.at("reason").get<std::string>();
  for (const auto& [probe, why] : json.at("passed_over").items())
    d.passed_over.emplace_back(probes_named(probe).front(), why.get<std::string>());
  return d;
}

Json tracefs_json(const TracefsUse& t) {
  return Json{{"dir", t.dir},
              {"mounted_by_run", t.mounted_by_run},
              {"note", t.note},
              {"instance", t.instance},
              {"clock", t.clock}};
}

TracefsUse tracefs_from_json(const Json& json) {
  return TracefsUse{json.at("dir").get<std::string>(), json.at("mounted_by_run").get<bool>(),
                    json.at("note").get<std::string>(), json.at("instance").get<std::string>(),
                    json.at("clock").get<std::string>()};
}

Json loop_round_trip_json(const LoopRoundTrip& r) {
  return Json{{"log", r.log}, {"round_trip", latency_json(r.cycles)}};
}

LoopRoundTrip loop_round_trip_from_json(const Json& json) {
  return LoopRoundTrip{json.at("log").get<std::string>(), latency_from_json(json.at("round_trip"))};
}

}  // namespace

void write_run_facts(Json& json, const RunFacts& facts) {
  json["incomplete"] = facts.incomplete.has_value();
  if (facts.incomplete) json["incomplete_reason"] = *facts.incomplete;
  if (facts.probe_choice) json["probe_choice"] = probe_choice_json(*facts.probe_choice);
  if (facts.tracefs) json["tracefs"] = tracefs_json(*facts.tracefs);
  if (facts.stale_trace_instances)
    json["stale_trace_instances"] = Json{{"removed", facts.stale_trace_instances->removed},
                                         {"unowned", facts.stale_trace_instances->unowned}};
}

RunFacts read_run_facts(const Json& json) {
  RunFacts facts;
  if (json.value("incomplete", false))
    facts.incomplete = json.value("incomplete_reason", std::string("no reason recorded"));
  if (json.contains("probe_choice"))
    facts.probe_choice = probe_choice_from_json(json.at("probe_choice"));
  if (json.contains("tracefs")) facts.tracefs = tracefs_from_json(json.at("tracefs"));
  if (json.contains("stale_trace_instances")) {
    const Json& stale = json.at("stale_trace_instances");
    facts.stale_trace_instances =
        StaleInstances{stale.at("removed").get<std::vector<std::string>>(),
                       stale.at("unowned").get<std::vector<std::string>>()};
  }
  return facts;
}

std::optional<std::string> summary_incomplete_reason(const Json& summary) {
  if (!summary.is_object()) return std::nullopt;
  if (const auto it = summary.find("incomplete"); it != summary.end() && *it == true) {
    if (const auto reason = summary.find("incomplete_reason");
        reason != summary.end() && reason->is_string())
      return reason->get<std::string>();
    return summary.value("error", std::string("interrupted"));
  }
  if (const auto extra = summary.find("extra"); extra != summary.end() && extra->is_object())
    if (const auto it = extra->find("incomplete"); it != extra->end() && it->is_string())
      return it->get<std::string>();
  return std::nullopt;
}

Json tracepoint_cost_json(const TracepointCost& c) {
  return Json{{"p50_cycles", c.p50_cycles()},
              {"mean_cycles", c.mean_cycles()},
              {"cpu", c.cpu},
              {"with_events", loop_round_trip_json(c.with_events)},
              {"without_events_before", loop_round_trip_json(c.without_before)},
              {"without_events_after", loop_round_trip_json(c.without_after)}};
}

TracepointCost tracepoint_cost_from_json(const Json& json) {
  TracepointCost c;
  c.cpu = json.at("cpu").get<int>();
  c.with_events = loop_round_trip_from_json(json.at("with_events"));
  c.without_before = loop_round_trip_from_json(json.at("without_events_before"));
  c.without_after = loop_round_trip_from_json(json.at("without_events_after"));
  return c;
}

}  // namespace iprobe
