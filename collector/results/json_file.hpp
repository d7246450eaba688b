// Writing JSON documents: pretty-printed (2 spaces), invalid UTF-8 replaced by U+FFFD, one
// trailing newline; and reading one back with an error that names the file.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>

#include "util/types.hpp"

namespace iprobe {

void write_json(std::ostream& out, const nlohmann::ordered_json& json);
void write_json_file(const std::filesystem::path& path, const char* what,
                     const nlohmann::ordered_json& json);
// Throws std::runtime_error naming the file when it is missing or not JSON.
nlohmann::ordered_json read_json_file(const std::filesystem::path& path);

// {"min", "p50"[, "samples"]} or null: the TSC floor in entry and round-trip summaries.
nlohmann::ordered_json floor_json(const std::optional<TscFloor>& floor, bool with_samples);
// The reverse of floor_json: nullopt for null, samples 0 when not written.
std::optional<TscFloor> floor_from_json(const nlohmann::ordered_json& json);

// {"n", "min", "p50", "mean", "p99", "max", "stddev"}: a distribution in summary.json.
nlohmann::ordered_json latency_json(const LatencyStats& stats);
// The reverse of latency_json; throws nlohmann::json::exception when a member is missing.
LatencyStats latency_from_json(const nlohmann::ordered_json& json);

}  // namespace iprobe
