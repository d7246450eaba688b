#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "env/environment_json.hpp"
#include "logs/stamp_line.hpp"
#include "report/json_file.hpp"
#include "report/report_output.hpp"
#include "util/file_util.hpp"

using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

Json counts_json(const RunCounts& c) {
  Json json{{"expected", c.expected},
            {"user_stamps", c.user_stamps},
            {"kernel_stamps", c.kernel_stamps},
            {"paired", c.paired},
            {"lost", c.lost},
            {"rejected", c.rejected},
            {"duplicate", c.duplicate},
            {"negative", c.negative},
            {"cross_cpu", c.cross_cpu},
            {"foreign", c.foreign},
            {"warmup", c.warmup},
            {"out_of_range", c.out_of_range},
            {"missing_kernel", c.missing_kernel},
            {"missing_user", c.missing_user},
            {"wrong_source", c.wrong_source},
            {"log_lost_records", c.log_lost_records},
            {"dump_dropped", c.dump_dropped},
            {"dump_incomplete", c.dump_incomplete}};
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

Json latency_json(const LatencyStats& s) {
  return Json{{"n", s.n},     {"min", s.min}, {"p50", s.p50},      {"mean", s.mean},
              {"p99", s.p99}, {"max", s.max}, {"stddev", s.stddev}};
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

Json floor_json(const std::optional<TscFloor>& floor, bool with_samples) {
  if (!floor) return nullptr;
  Json json{{"min", floor->min}, {"p50", floor->p50}};
  if (with_samples) json["samples"] = floor->samples;
  return json;
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

}  // namespace iprobe
