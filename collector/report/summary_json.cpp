#include <charconv>
#include <fstream>
#include <stdexcept>

#include "env/environment_json.hpp"
#include "logs/stamp_line.hpp"
#include "report/report_output.hpp"
#include "util/json_writer.hpp"

namespace iprobe {
namespace {

void write_counts(JsonWriter& json, const RunCounts& c) {
  json.field("expected", c.expected);
  json.field("user_stamps", c.user_stamps);
  json.field("kernel_stamps", c.kernel_stamps);
  json.field("paired", c.paired);
  json.field("lost", c.lost);
  json.field("rejected", c.rejected);
  json.field("duplicate", c.duplicate);
  json.field("negative", c.negative);
  json.field("cross_cpu", c.cross_cpu);
  json.field("foreign", c.foreign);
  json.field("warmup", c.warmup);
  json.field("out_of_range", c.out_of_range);
  json.field("missing_kernel", c.missing_kernel);
  json.field("missing_user", c.missing_user);
  json.field("wrong_source", c.wrong_source);
  json.field("log_lost_records", c.log_lost_records);
  json.field("dump_dropped", c.dump_dropped);
  json.field("dump_incomplete", c.dump_incomplete);
  // Every reason, zero or not, so that consumers see a fixed schema; the values sum to rejected.
  json.key("rejected_by_reason");
  json.begin_object();
  for (std::size_t i = 0; i < kRejectReasonCount; ++i) {
    json.field(reject_reason_name(static_cast<RejectReason>(i)), c.rejected_by_reason[i]);
  }
  json.end_object();
  json.key("tsc_backwards");
  json.begin_object();
  json.field("user", c.tsc_backwards_user);
  json.field("kernel", c.tsc_backwards_kernel);
  json.end_object();
  json.field("printk_dropped", c.printk_dropped);
  json.field("log_seq_restarts", c.log_seq_restarts);
}

void write_latency(JsonWriter& json, const LatencyStats& s) {
  json.key("latency_cycles");
  json.begin_object();
  json.field("n", s.n);
  json.field("min", s.min);
  json.field("p50", s.p50);
  json.field("mean", s.mean);
  json.field("p99", s.p99);
  json.field("max", s.max);
  json.field("stddev", s.stddev);
  json.end_object();
}

void write_floor(JsonWriter& json, const std::optional<TscFloor>& floor) {
  if (!floor) {
    json.null_field("tsc_floor_cycles");
    return;
  }
  json.key("tsc_floor_cycles");
  json.begin_object();
  json.field("min", floor->min);
  json.field("p50", floor->p50);
  json.field("samples", floor->samples);
  json.end_object();
}

void write_round_trip(JsonWriter& json, const std::optional<LoopTotal>& total) {
  if (!total) {
    json.null_field("round_trip");
    return;
  }
  json.key("round_trip");
  json.begin_object();
  json.field("total_cycles", total->cycles);
  json.field("calls", total->calls);
  if (total->calls == 0) {
    json.null_field("cycles_per_call");
  } else {
    json.field("cycles_per_call",
               static_cast<double>(total->cycles) / static_cast<double>(total->calls));
  }
  json.field("migrations", total->migrations);
  json.field("errors", total->errors);
  json.end_object();
}

// tsc_khz is text in Environment: a number when it is one, null when unknown.
void write_tsc_khz(JsonWriter& json, const std::string& khz) {
  uint64_t value = 0;
  const char* last = khz.data() + khz.size();
  const auto [ptr, ec] = std::from_chars(khz.data(), last, value);
  if (khz.empty()) {
    json.null_field("tsc_khz");
  } else if (ec == std::errc{} && ptr == last) {
    json.field("tsc_khz", value);
  } else {
    json.field("tsc_khz", khz);
  }
}

}  // namespace

void write_environment_json(JsonWriter& json, const Environment& env) {
  json.key("environment");
  json.begin_object();
  json.field("kernel", env.kernel);
  json.field("cpu_model", env.cpu_model);
  json.key("tsc_flags");
  json.begin_array();
  for (const std::string& flag : env.tsc_flags) json.value(flag);
  json.end_array();
  write_tsc_khz(json, env.tsc_khz);
  json.key("mitigations");
  json.begin_object();
  for (const auto& [name, line] : env.mitigations) json.field(name, line);
  json.end_object();
  json.field("hypervisor", env.hypervisor);
  json.field("accel", env.accel);
  json.field("cpu", env.cpu);
  json.field("smt", env.smt);
  json.field("governor", env.governor);
  json.end_object();
}

void write_summary_json(std::ostream& out, const Summary& summary) {
  JsonWriter json(out);
  json.begin_object();
  json.field("scenario", summary.scenario);
  json.field("probe", summary.probe);
  json.field("mode", summary.mode);
  json.field("loop", summary.loop);
  json.field("iterations", summary.iterations);
  json.field("runs", summary.runs);
  json.field("run_id", run_hex(summary.run_id));
  write_counts(json, summary.counts);
  json.key("foreign_runs");
  json.begin_array();
  for (const uint32_t run : summary.foreign_runs) json.value(run_hex(run));
  json.end_array();
  write_latency(json, summary.latency);
  write_floor(json, summary.tsc_floor);
  write_round_trip(json, summary.total);
  write_environment_json(json, summary.environment);
  json.key("warnings");
  json.begin_array();
  for (const std::string& warning : summary.warnings) json.value(warning);
  json.end_array();
  json.key("extra");
  json.begin_object();
  for (const auto& [name, value] : summary.extra) json.field(name, value);
  json.end_object();
  json.end_object();
}

void write_summary_json(const std::filesystem::path& path, const Summary& summary) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write summary '" + path.string() + "'");
  write_summary_json(out, summary);
  out.flush();
  if (!out) throw std::runtime_error("error writing summary '" + path.string() + "'");
}

}  // namespace iprobe
