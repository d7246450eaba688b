// The members of summary.json that every benchmark kind writes after its own: the run's facts
// (incomplete, probe_choice, tracefs, stale_trace_instances), tracepoint_cost, environment,
// warnings and extra (and, next, whatever ResultsHeader gains for every kind).
#pragma once

#include <nlohmann/json.hpp>

#include "results/results.hpp"

namespace iprobe {

void write_header_json(nlohmann::ordered_json& json, const ResultsHeader& header);
// The reverse. Throws nlohmann::json::exception when a member is missing or of the wrong type.
void read_header_json(const nlohmann::ordered_json& json, ResultsHeader& header);

}  // namespace iprobe
