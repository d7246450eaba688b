// The members of summary.json that every benchmark kind writes: "benchmark" first, before the
// kind's own; after them the run's facts (incomplete, probe_choice, tracefs,
// stale_trace_instances), tracepoint_cost, environment, warnings, extra, wall_seconds and
// provenance (and, next, whatever ResultsHeader gains for every kind). doc/results-format.md
// describes each, and doc/schema/summary.schema.json checks them.
#pragma once

#include <nlohmann/json.hpp>

#include "results/results.hpp"

namespace iprobe {

void write_header_lead_json(nlohmann::ordered_json& json, const ResultsHeader& header);
void write_header_json(nlohmann::ordered_json& json, const ResultsHeader& header);
// The reverse. Throws nlohmann::json::exception when a member is missing or of the wrong type.
// Summaries written before wall_seconds and provenance were members read without them
// (wall_seconds then comes from extra, where it was a string).
void read_header_json(const nlohmann::ordered_json& json, ResultsHeader& header);

// "provenance" of summary.json and raw/run.json.
nlohmann::ordered_json provenance_json(const Provenance& provenance);
Provenance provenance_from_json(const nlohmann::ordered_json& json);

}  // namespace iprobe
