// The environment as JSON: the "environment" object of every summary.json and of the run
// record (raw/run.json) a guest hands to the host. One form, written and read here.
#pragma once

#include <nlohmann/json.hpp>

#include "util/types.hpp"

namespace iprobe {

// tsc_khz is a number when it is one, null when unknown, else the text as found.
void to_json(nlohmann::ordered_json& json, const Environment& env);
// Missing members stay empty; a member of the wrong type throws nlohmann::json::exception.
void from_json(const nlohmann::ordered_json& json, Environment& env);

}  // namespace iprobe
