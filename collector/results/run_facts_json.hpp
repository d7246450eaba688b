// The members of summary.json (and of raw/run.json) that say what a run did besides measuring
// (util/run_facts.hpp: incomplete, probe_choice, tracefs, stale_trace_instances) and
// tracepoint_cost, written and read here only.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "results/results.hpp"
#include "util/run_facts.hpp"

namespace iprobe {

// "incomplete" (always: true or false) with "incomplete_reason" when true, then each recorded
// fact under its name.
void write_run_facts(nlohmann::ordered_json& json, const RunFacts& facts);
// The reverse. A member that is absent (a file of an older collector) is not recorded; throws
// nlohmann::json::exception when one is of the wrong type, SummaryFormatError for an unknown
// probe name.
RunFacts read_run_facts(const nlohmann::ordered_json& json);

// Why a summary.json says its results are partial; nullopt when it does not. Reads every form
// the collector has written: "incomplete": true with "incomplete_reason"; before that member was
// typed, "extra": {"incomplete": "why"}, and the summary of a run that produced nothing usable,
// {"incomplete": true, "error": "why"}.
std::optional<std::string> summary_incomplete_reason(const nlohmann::ordered_json& summary);

nlohmann::ordered_json tracepoint_cost_json(const TracepointCost& cost);
TracepointCost tracepoint_cost_from_json(const nlohmann::ordered_json& json);

}  // namespace iprobe
