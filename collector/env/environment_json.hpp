// The "environment" object of every summary.json (entry and round-trip benchmarks).
#pragma once

#include "util/json_writer.hpp"
#include "util/types.hpp"

namespace iprobe {

// Writes `"environment": {...}` as the next member of the current object.
void write_environment_json(JsonWriter& json, const Environment& env);

}  // namespace iprobe
