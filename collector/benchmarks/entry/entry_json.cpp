// summary.json of an entry-latency run, written and read here: the counts, the latency, the
// anatomy with the cross-check (keys of stamp format 2: absent from older summaries, which read
// as runs without them), the TSC floor and the loop's round trip.
#include <array>
#include <nlohmann/json.hpp>

#include "benchmarks/entry/entry_results.hpp"
#include "logs/stamp_line.hpp"
#include "results/json_file.hpp"

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

Json parts_json(const AnatomyStats& a) {
  return Json{{"entry", latency_json(a.entry)},
              {"kernel", latency_json(a.kernel)},
              {"exit", latency_json(a.exit)},
              {"round_trip", latency_json(a.round_trip)}};
}

AnatomyStats parts_from_json(const Json& json) {
  return AnatomyStats{latency_from_json(json.at("entry")), latency_from_json(json.at("kernel")),
                      latency_from_json(json.at("exit")), latency_from_json(json.at("round_trip"))};
}

Json cross_check_json(const CrossCheckSummary& c) {
  return Json{{"paired", c.paired},
              {"lost", c.lost},
              {"missing", c.missing},
              {"order_violations", c.order_violations},
              {"enter_gap", latency_json(c.enter_gap)},
              {"exit_gap", latency_json(c.exit_gap)}};
}

CrossCheckSummary cross_check_from_json(Probe probe, const Json& json) {
  CrossCheckSummary c;
  c.probe = probe;
  c.paired = json.at("paired").get<uint64_t>();
  c.lost = json.at("lost").get<uint64_t>();
  c.missing = json.value("missing", uint64_t{0});
  c.order_violations = json.at("order_violations").get<uint64_t>();
  c.enter_gap = latency_from_json(json.at("enter_gap"));
  c.exit_gap = latency_from_json(json.at("exit_gap"));
  return c;
}

// "probes", "order_violations", "anatomy" (absent when no call has all four stamps) and
// "cross_check" (cross-check runs only); a summary from before them reads as a run without
// anatomy.
void write_anatomy_json(Json& json, const EntrySummary& summary) {
  Json probes = Json::array();
  for (const Probe probe : summary.probes) probes.push_back(name(probe));
  json["probes"] = std::move(probes);
  json["order_violations"] = summary.counts.order_violations;
  if (summary.anatomy) json["anatomy"] = parts_json(*summary.anatomy);
  if (summary.cross_check.empty()) return;
  Json cross = Json::object();
  for (const CrossCheckSummary& c : summary.cross_check) cross[name(c.probe)] = cross_check_json(c);
  json["cross_check"] = std::move(cross);
}

Probe probe_named(const std::string& text) {
  const std::optional<Probe> probe = value_in(kProbeNames, text);
  if (!probe) throw SummaryFormatError("'" + text + "' names no probe");
  return *probe;
}

void read_anatomy_json(const Json& json, EntrySummary& summary) {
  for (const Json& probe : json.value("probes", Json::array()))
    summary.probes.push_back(probe_named(probe.get<std::string>()));
  summary.counts.order_violations = json.value("order_violations", uint64_t{0});
  if (json.contains("anatomy")) summary.anatomy = parts_from_json(json.at("anatomy"));
  if (!json.contains("cross_check")) return;
  for (const auto& [probe, value] : json.at("cross_check").items())
    summary.cross_check.push_back(cross_check_from_json(probe_named(probe), value));
}

}  // namespace

void write_entry_summary_json(Json& json, const ResultsHeader& header,
                              const EntrySummary& summary) {
  json["scenario"] = header.scenario;
  json["probe"] = probe_list_name(summary.named_probes);
  json["mode"] = summary.mode ? Json(name(*summary.mode)) : Json(nullptr);
  json["loop"] = summary.loop;
  json["iterations"] = header.iterations;
  json["runs"] = summary.runs;
  json["run_id"] = run_hex(header.run_id.value_or(0));
  json.update(counts_json(summary.counts));
  Json foreign = Json::array();
  for (const uint32_t run : summary.foreign_runs) foreign.push_back(run_hex(run));
  json["foreign_runs"] = std::move(foreign);
  json["latency_cycles"] = latency_json(summary.latency);
  write_anatomy_json(json, summary);
  json["tsc_floor_cycles"] = floor_json(summary.tsc_floor, true);
  json["round_trip"] = round_trip_json(summary.total);
}

std::vector<PageSection> entry_page_sections() {
  std::vector<std::string> accounting;
  for (const CountField& f : kCountFields) accounting.emplace_back(f.name);
  for (const char* member : {"dump_dropped", "dump_incomplete", "rejected_by_reason",
                             "tsc_backwards", "printk_dropped", "log_seq_restarts", "foreign_runs"})
    accounting.emplace_back(member);
  return {
      {"Entry latency (TSC cycles, same-CPU pairs)", {"latency_cycles"}},
      {"Per-call anatomy (TSC cycles)", {"probes", "anatomy", "order_violations", "cross_check"}},
      {"Accounting: every stamp and call", std::move(accounting)},
      {"TSC floor and the loop's round trip", {"tsc_floor_cycles", "round_trip"}}};
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

EntrySummary read_entry_summary_json(const Json& json, ResultsHeader& header) {
  EntrySummary s;
  header.scenario = json.at("scenario").get<std::string>();
  const std::string probes = json.at("probe").get<std::string>();
  const std::optional<std::vector<Probe>> named = probes_from_list_name(probes);
  if (!named) throw SummaryFormatError("probe '" + probes + "' names no probe list");
  s.named_probes = *named;
  // null when unknown; summaries older than the provenance member wrote "".
  if (const Json& mode_json = json.at("mode");
      mode_json.is_string() && !mode_json.get<std::string>().empty()) {
    const std::string mode = mode_json.get<std::string>();
    s.mode = value_in(kModeNames, mode);
    if (!s.mode) throw SummaryFormatError("mode '" + mode + "' names no mode");
  }
  s.loop = json.at("loop").get<std::string>();
  header.iterations = json.at("iterations").get<uint64_t>();
  s.runs = json.at("runs").get<uint32_t>();
  header.run_id = run_from_hex(json.at("run_id"));
  s.counts = counts_from_json(json);
  for (const Json& run : json.at("foreign_runs")) s.foreign_runs.push_back(run_from_hex(run));
  s.latency = latency_from_json(json.at("latency_cycles"));
  read_anatomy_json(json, s);
  s.tsc_floor = floor_from_json(json.at("tsc_floor_cycles"));
  s.total = round_trip_from_json(json.at("round_trip"));
  return s;
}

}  // namespace iprobe
