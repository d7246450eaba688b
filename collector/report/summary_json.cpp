#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "env/environment_json.hpp"
#include "logs/stamp_line.hpp"
#include "report/anatomy_json.hpp"
#include "report/json_file.hpp"
#include "report/report_output.hpp"
#include "util/file_util.hpp"

using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

// The plain counters of RunCounts under their summary.json names, written and read the same way.
struct CountField {
  const char* name;
  uint64_t RunCounts::*member;
};
constexpr std::array<CountField, 16> kCountFields{{
    {"expected", &RunCounts::expected},
    {"user_stamps", &RunCounts::user_stamps},
    {"kernel_stamps", &RunCounts::kernel_stamps},
    {"paired", &RunCounts::paired},
    {"lost", &RunCounts::lost},
    {"rejected", &RunCounts::rejected},
    {"duplicate", &RunCounts::duplicate},
    {"negative", &RunCounts::negative},
    {"cross_cpu", &RunCounts::cross_cpu},
    {"foreign", &RunCounts::foreign},
    {"warmup", &RunCounts::warmup},
    {"out_of_range", &RunCounts::out_of_range},
    {"missing_kernel", &RunCounts::missing_kernel},
    {"missing_user", &RunCounts::missing_user},
    {"wrong_source", &RunCounts::wrong_source},
    {"log_lost_records", &RunCounts::log_lost_records},
}};

Json counts_json(const RunCounts& c) {
  Json json = Json::object();
  for (const CountField& f : kCountFields) json[f.name] = c.*f.member;
  json["dump_dropped"] = c.dump_dropped;
  json["dump_incomplete"] = c.dump_incomplete;
  // Every reason, zero or not, so that consumers see a fixed schema; the values sum to rejected.
  Json reasons = Json::object();
  for (std::size_t i = 0; i < kRejectReasonCount; ++i)
    reasons[std::string(reject_reason_name(static_cast<RejectReason>(i)))] =
        c.rejected_by_reason[i];
  json["rejected_by_reason"] = std::move(reasons);
  json["tsc_backwards"] = Json{{"user", c.tsc_backwards_user}, {"kernel", c.tsc_backwards_kernel}};
  json["printk_dropped"] = c.printk_dropped;
  json["log_seq_restarts"] = c.log_seq_restarts;
  return json;
}

Json round_trip_json(const std::optional<LoopTotal>& total) {
  if (!total) return nullptr;
  Json cycles_per_call = nullptr;
  if (total->calls != 0)
    cycles_per_call = static_cast<double>(total->cycles) / static_cast<double>(total->calls);
  return Json{{"total_cycles", total->cycles},
              {"calls", total->calls},
              {"cycles_per_call", cycles_per_call},
              {"migrations", total->migrations},
              {"errors", total->errors}};
}

}  // namespace

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

void write_summary_json(std::ostream& out, const Summary& summary) {
  Json json{{"scenario", summary.scenario},
            {"probe", summary.probe},
            {"mode", summary.mode},
            {"loop", summary.loop},
            {"iterations", summary.iterations},
            {"runs", summary.runs},
            {"run_id", run_hex(summary.run_id)}};
  json.update(counts_json(summary.counts));
  Json foreign = Json::array();
  for (const uint32_t run : summary.foreign_runs) foreign.push_back(run_hex(run));
  json["foreign_runs"] = std::move(foreign);
  json["latency_cycles"] = latency_json(summary.latency);
  write_anatomy_json(json, summary);
  json["tsc_floor_cycles"] = floor_json(summary.tsc_floor, true);
  json["round_trip"] = round_trip_json(summary.total);
  json["environment"] = summary.environment;
  json["warnings"] = summary.warnings;
  Json extra = Json::object();
  for (const auto& [name, value] : summary.extra) extra[name] = value;
  json["extra"] = std::move(extra);
  write_json(out, json);
}

void write_summary_json(const std::filesystem::path& path, const Summary& summary) {
  write_output_file(path, "summary", [&](std::ostream& out) { write_summary_json(out, summary); });
}

namespace {

uint32_t run_from_hex(const Json& json) {
  return static_cast<uint32_t>(std::stoul(json.get<std::string>(), nullptr, 16));
}

RunCounts counts_from_json(const Json& json) {
  RunCounts c;
  for (const CountField& f : kCountFields) c.*f.member = json.at(f.name).get<uint64_t>();
  c.dump_dropped = json.at("dump_dropped").get<uint64_t>();
  c.dump_incomplete = json.at("dump_incomplete").get<bool>();
  const Json& reasons = json.at("rejected_by_reason");
  for (std::size_t i = 0; i < kRejectReasonCount; ++i)
    c.rejected_by_reason[i] =
        reasons.value(std::string(reject_reason_name(static_cast<RejectReason>(i))), uint64_t{0});
  c.tsc_backwards_user = json.at("tsc_backwards").at("user").get<uint64_t>();
  c.tsc_backwards_kernel = json.at("tsc_backwards").at("kernel").get<uint64_t>();
  c.printk_dropped = json.at("printk_dropped").get<uint64_t>();
  c.log_seq_restarts = json.at("log_seq_restarts").get<uint64_t>();
  return c;
}

std::optional<LoopTotal> round_trip_from_json(const Json& json) {
  if (json.is_null()) return std::nullopt;
  LoopTotal total;
  total.cycles = json.at("total_cycles").get<uint64_t>();
  total.calls = json.at("calls").get<uint32_t>();
  total.migrations = json.at("migrations").get<uint32_t>();
  total.errors = json.at("errors").get<uint32_t>();
  return total;
}

}  // namespace

Summary read_summary_json(const Json& json) {
  Summary s;
  s.scenario = json.at("scenario").get<std::string>();
  s.probe = json.at("probe").get<std::string>();
  s.mode = json.at("mode").get<std::string>();
  s.loop = json.at("loop").get<std::string>();
  s.iterations = json.at("iterations").get<uint64_t>();
  s.runs = json.at("runs").get<uint32_t>();
  s.run_id = run_from_hex(json.at("run_id"));
  s.counts = counts_from_json(json);
  for (const Json& run : json.at("foreign_runs")) s.foreign_runs.push_back(run_from_hex(run));
  s.latency = latency_from_json(json.at("latency_cycles"));
  read_anatomy_json(json, s);
  s.tsc_floor = floor_from_json(json.at("tsc_floor_cycles"));
  s.total = round_trip_from_json(json.at("round_trip"));
  s.environment = json.at("environment").get<Environment>();
  s.warnings = json.at("warnings").get<std::vector<std::string>>();
  for (const auto& [name, value] : json.at("extra").items())
    s.extra.emplace_back(name, value.get<std::string>());
  return s;
}

}  // namespace iprobe
