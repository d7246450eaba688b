// The parts of raw/run.json every kind writes and reads the same way: log names, key/value
// lists, and reading the file back with errors that say what to do.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "util/enums.hpp"

namespace iprobe {

// Paths recorded by file name (they live next to run.json, in raw/), and re-rooted in `raw`.
nlohmann::ordered_json file_names_json(const std::vector<std::filesystem::path>& paths);
std::vector<std::filesystem::path> paths_in(const std::filesystem::path& raw,
                                            const nlohmann::ordered_json& names);

// [[key, value], ...]: an ordered list of string pairs.
nlohmann::ordered_json pairs_json(const std::vector<std::pair<std::string, std::string>>& pairs);
std::vector<std::pair<std::string, std::string>> pairs_from_json(
    const nlohmann::ordered_json& json);

// raw/run.json of a `benchmark` run; throws std::runtime_error naming the file when it is
// missing, not JSON, or the record of another benchmark.
nlohmann::ordered_json read_run_record(const std::filesystem::path& raw, Benchmark benchmark);

// Calls fill() and turns a nlohmann::json::exception (a member missing or of the wrong type)
// into std::runtime_error naming raw/run.json as damaged.
template <typename Fill>
auto parse_run_record(const std::filesystem::path& raw, Fill fill) {
  try {
    return fill();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error((raw / "run.json").string() + " is damaged (" + e.what() +
                             "); rerun the measurement");
  }
}

// The value a record member names; std::runtime_error naming raw/run.json as damaged when it
// names nothing this collector knows.
template <typename T>
T record_value(const std::filesystem::path& raw, const char* member, std::optional<T> value) {
  if (!value)
    throw std::runtime_error((raw / "run.json").string() + " is damaged (" + member +
                             " names nothing this collector knows); rerun the measurement");
  return *std::move(value);
}

}  // namespace iprobe
