#include "results/json_file.hpp"

#include <fstream>
#include <stdexcept>

#include "util/file_util.hpp"

namespace iprobe {

void write_json(std::ostream& out, const nlohmann::ordered_json& json) {
  out << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

void write_json_file(const std::filesystem::path& path, const char* what,
                     const nlohmann::ordered_json& json) {
  write_output_file(path, what, [&](std::ostream& out) { write_json(out, json); });
}

nlohmann::ordered_json read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read '" + path.string() + "'");
  try {
    return nlohmann::ordered_json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(path.string() + " is not valid JSON (" + e.what() +
                             "): the results folder is damaged; rerun the measurement");
  }
}

using Json = nlohmann::ordered_json;

Json latency_json(const LatencyStats& s) {
  return Json{{"n", s.n},     {"min", s.min}, {"p50", s.p50},      {"mean", s.mean},
              {"p99", s.p99}, {"max", s.max}, {"stddev", s.stddev}};
}

LatencyStats latency_from_json(const Json& json) {
  LatencyStats l;
  l.n = json.at("n").get<uint64_t>();
  l.min = json.at("min").get<int64_t>();
  l.p50 = json.at("p50").get<int64_t>();
  l.mean = json.at("mean").get<double>();
  l.p99 = json.at("p99").get<int64_t>();
  l.max = json.at("max").get<int64_t>();
  l.stddev = json.at("stddev").get<double>();
  return l;
}

Json floor_json(const std::optional<TscFloor>& floor, bool with_samples) {
  if (!floor) return nullptr;
  Json json{{"min", floor->min}, {"p50", floor->p50}};
  if (with_samples) json["samples"] = floor->samples;
  return json;
}

std::optional<TscFloor> floor_from_json(const Json& json) {
  if (json.is_null()) return std::nullopt;
  TscFloor floor;
  floor.min = json.at("min").get<uint64_t>();
  floor.p50 = json.at("p50").get<uint64_t>();
  floor.samples = json.value("samples", uint32_t{0});
  return floor;
}

}  // namespace iprobe
