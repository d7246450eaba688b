#include "benchmarks/entry/entry_capture.hpp"

#include "benchmarks/entry/entry_results.hpp"
#include "benchmarks/entry/tracepoint_cost.hpp"
#include "benchmarks/run_record.hpp"
#include "env/environment_json.hpp"
#include "pair/pairing.hpp"
#include "pair/pairing_warnings.hpp"
#include "results/run_facts_json.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

// "user:user.log=dmesg kernel:kmsg.log=kmsg": the form each log was read as.
std::string log_formats(const std::vector<LogFormatUsed>& used) {
  std::string formats;
  for (const LogFormatUsed& log : used) {
    if (!formats.empty()) formats += ' ';
    formats += log.role + ":" + fs::path(log.name).filename().string() + "=" +
               std::string(format_name(log.format));
  }
  return formats;
}

}  // namespace

Results EntryCapture::summarize(const fs::path& /*output_dir*/) const {
  PairingOptions options;
  options.run = run_id;
  options.sources = probes;
  options.kernel_format = kernel_format;
  PairingResult result = pair_files(user_logs, kernel_logs, options);
  Results results{results_header(Benchmark::kEntry), nullptr};
  ResultsHeader& h = results.header;
  if (strict) h.strict_violation = strict_violation(result);
  h.extra = extra;
  h.extra.emplace_back("kmsg_epipe", std::to_string(kmsg_epipe));
  h.extra.emplace_back("kmsg_drain_seq_gap", std::to_string(kmsg_seq_gap));
  h.extra.emplace_back("log_formats", log_formats(result.log_formats));
  h.cpu = h.environment.cpu;
  if (untraced_logs.size() == 2 && !user_logs.empty()) {
    try {
      h.tracepoint_cost =
          tracepoint_cost(user_logs.front(), untraced_logs[0], untraced_logs[1], h.cpu, h.warnings);
    } catch (const std::runtime_error& e) {  // the cost only: the run's own results stand
      h.warnings.push_back(std::string("no tracepoint_cost: ") + e.what());
    }
  }
  std::unique_ptr<EntryResults> kind = entry_results(std::move(result), h);
  kind->summary.named_probes = probes;
  kind->summary.mode = mode;
  kind->summary.loop = loop;
  results.kind = std::move(kind);
  return results;
}

Json EntryCapture::record_json() const {
  Json json{{"benchmark", name(Benchmark::kEntry)},
            {"scenario", scenario},
            {"probe", probe_list_name(probes)},
            {"mode", mode ? name(*mode) : std::string()},
            {"loop", loop}};
  json["run_id"] = run_id ? Json(*run_id) : Json(nullptr);
  json["user_logs"] = file_names_json(user_logs);
  json["kernel_logs"] = file_names_json(kernel_logs);
  json["untraced_logs"] = file_names_json(untraced_logs);
  json["kernel_format"] = format_name(kernel_format);
  json["kmsg_epipe"] = kmsg_epipe;
  json["kmsg_seq_gap"] = kmsg_seq_gap;
  json["wall_seconds"] = wall_seconds ? Json(*wall_seconds) : Json(nullptr);
  json["warnings"] = warnings;
  json["extra"] = pairs_json(extra);
  write_run_facts(json, facts);
  json["environment"] = environment;
  json["guest"] = guest;
  return json;
}

EntryCapture EntryCapture::read_record(const fs::path& raw) {
  const Json json = read_run_record(raw, Benchmark::kEntry);
  return parse_run_record(raw, [&] {
    EntryCapture c;
    c.scenario = json.at("scenario").get<std::string>();
    c.probes =
        record_value(raw, "probe", probes_from_list_name(json.at("probe").get<std::string>()));
    if (const std::string mode = json.at("mode").get<std::string>(); !mode.empty())
      c.mode = record_value(raw, "mode", value_in(kModeNames, mode));
    c.loop = json.at("loop").get<std::string>();
    if (!json.at("run_id").is_null()) c.run_id = json.at("run_id").get<uint32_t>();
    c.user_logs = paths_in(raw, json.at("user_logs"));
    c.kernel_logs = paths_in(raw, json.at("kernel_logs"));
    c.untraced_logs = paths_in(raw, json.value("untraced_logs", Json::array()));
    c.kernel_format = record_value(raw, "kernel_format",
                                   format_from_name(json.at("kernel_format").get<std::string>()));
    c.kmsg_epipe = json.at("kmsg_epipe").get<uint64_t>();
    c.kmsg_seq_gap = json.at("kmsg_seq_gap").get<uint64_t>();
    if (!json.at("wall_seconds").is_null()) c.wall_seconds = json.at("wall_seconds").get<double>();
    c.warnings = json.at("warnings").get<std::vector<std::string>>();
    c.extra = pairs_from_json(json.at("extra"));
    c.facts = read_run_facts(json);
    c.environment = json.at("environment").get<Environment>();
    c.guest = json.value("guest", Json());
    return c;
  });
}

}  // namespace iprobe
