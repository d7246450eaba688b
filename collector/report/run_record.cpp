#include "report/run_record.hpp"

#include <stdexcept>

#include "env/environment_json.hpp"
#include "report/json_file.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

Json file_names(const std::vector<fs::path>& paths) {
  Json names = Json::array();
  for (const fs::path& p : paths) names.push_back(p.filename().string());
  return names;
}

std::vector<fs::path> paths_in(const fs::path& raw, const Json& names) {
  std::vector<fs::path> paths;
  for (const Json& name : names) paths.push_back(raw / name.get<std::string>());
  return paths;
}

Json pairs_json(const std::vector<std::pair<std::string, std::string>>& pairs) {
  Json json = Json::array();
  for (const auto& [key, value] : pairs) json.push_back(Json::array({key, value}));
  return json;
}

std::vector<std::pair<std::string, std::string>> pairs_from(const Json& json) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const Json& kv : json)
    pairs.emplace_back(kv.at(0).get<std::string>(), kv.at(1).get<std::string>());
  return pairs;
}

Json read_record(const fs::path& raw, const char* benchmark) {
  const fs::path path = raw / kRunRecordFile;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw std::runtime_error(path.string() +
                             " is missing: the run stopped before its capture was complete "
                             "(see raw/console.log, if any); rerun the measurement");
  Json json = read_json_file(path);
  if (json.value("benchmark", "") != benchmark)
    throw std::runtime_error(path.string() + " is not the record of a " + benchmark +
                             " run; rerun the measurement");
  return json;
}

// A record of the wrong shape is a damaged file, not a programming error.
template <typename Fill>
auto parse_record(const fs::path& raw, Fill fill) {
  try {
    return fill();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error((raw / kRunRecordFile).string() + " is damaged (" + e.what() +
                             "); rerun the measurement");
  }
}

}  // namespace

Json entry_record_json(const ReportInputs& c) {
  Json json{{"benchmark", "entry"},
            {"scenario", c.scenario},
            {"probe", c.probe},
            {"mode", c.mode},
            {"loop", c.loop}};
  json["run_id"] = c.run_id ? Json(*c.run_id) : Json(nullptr);
  json["user_logs"] = file_names(c.user_logs);
  json["kernel_logs"] = file_names(c.kernel_logs);
  json["kernel_format"] = c.kernel_format;
  json["kmsg_epipe"] = c.kmsg_epipe;
  json["kmsg_seq_gap"] = c.kmsg_seq_gap;
  json["wall_seconds"] = c.wall_seconds ? Json(*c.wall_seconds) : Json(nullptr);
  json["warnings"] = c.warnings;
  json["extra"] = pairs_json(c.extra);
  json["environment"] = c.environment;
  return json;
}

ReportInputs read_entry_record(const fs::path& raw) {
  const Json json = read_record(raw, "entry");
  return parse_record(raw, [&] {
    ReportInputs c;
    c.scenario = json.at("scenario").get<std::string>();
    c.probe = json.at("probe").get<std::string>();
    c.mode = json.at("mode").get<std::string>();
    c.loop = json.at("loop").get<std::string>();
    if (!json.at("run_id").is_null()) c.run_id = json.at("run_id").get<uint32_t>();
    c.user_logs = paths_in(raw, json.at("user_logs"));
    c.kernel_logs = paths_in(raw, json.at("kernel_logs"));
    c.kernel_format = json.at("kernel_format").get<std::string>();
    c.kmsg_epipe = json.at("kmsg_epipe").get<uint64_t>();
    c.kmsg_seq_gap = json.at("kmsg_seq_gap").get<uint64_t>();
    if (!json.at("wall_seconds").is_null()) c.wall_seconds = json.at("wall_seconds").get<double>();
    c.warnings = json.at("warnings").get<std::vector<std::string>>();
    c.extra = pairs_from(json.at("extra"));
    c.environment = json.at("environment").get<Environment>();
    return c;
  });
}

Json roundtrip_record_json(const RoundtripReportInputs& c) {
  Json json{{"benchmark", "roundtrip"},
            {"scenario", c.scenario},
            {"iterations", c.iterations},
            {"warmup", c.warmup},
            {"runs", c.runs},
            {"cpu", c.cpu},
            {"subtract_floor", c.subtract_floor},
            {"outlier_factor", c.outlier_factor}};
  json["variants"] = pairs_json(c.variants);
  json["missing_variants"] = c.missing_variants;
  json["wall_seconds"] = c.wall_seconds ? Json(*c.wall_seconds) : Json(nullptr);
  json["warnings"] = c.warnings;
  json["environment"] = c.environment;
  return json;
}

RoundtripReportInputs read_roundtrip_record(const fs::path& raw) {
  const Json json = read_record(raw, "roundtrip");
  return parse_record(raw, [&] {
    RoundtripReportInputs c;
    c.scenario = json.at("scenario").get<std::string>();
    c.iterations = json.at("iterations").get<uint64_t>();
    c.warmup = json.at("warmup").get<uint64_t>();
    c.runs = json.at("runs").get<uint32_t>();
    c.cpu = json.at("cpu").get<int>();
    c.subtract_floor = json.at("subtract_floor").get<bool>();
    c.outlier_factor = json.at("outlier_factor").get<double>();
    c.variants = pairs_from(json.at("variants"));
    c.missing_variants = json.at("missing_variants").get<std::vector<std::string>>();
    if (!json.at("wall_seconds").is_null()) c.wall_seconds = json.at("wall_seconds").get<double>();
    c.warnings = json.at("warnings").get<std::vector<std::string>>();
    c.environment = json.at("environment").get<Environment>();
    return c;
  });
}

}  // namespace iprobe
