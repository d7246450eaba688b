#include "suite/suite_record.hpp"

#include <stdexcept>

#include "env/environment_json.hpp"
#include "results/json_file.hpp"

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace iprobe {
namespace {

Json step_json(const SuiteStep& step, const StepOutcome& outcome) {
  return Json{{"name", step.name},
              {"benchmark", name(step.benchmark)},
              {"scenario", name(step.scenario)},
              {"args", step.args},
              {"folder", step.name},
              {"stdout", step_log(step.name, "stdout")},
              {"stderr", step_log(step.name, "stderr")},
              {"status", status_name(outcome.status)},
              {"exit_status", outcome.exit_status},
              {"wall_seconds", outcome.wall_seconds},
              {"estimate_seconds", step.estimate_seconds},
              {"started", outcome.started},
              {"error", outcome.error}};
}

template <typename E, std::size_t N>
E enum_from(const std::array<EnumName<E>, N>& table, const Json& json) {
  const std::string text = json.get<std::string>();
  if (const auto value = value_in(table, text)) return *value;
  throw std::runtime_error("'" + text + "' is not a name this collector knows");
}

StepOutcome::Status status_from(const std::string& text) {
  for (const auto s : {StepOutcome::Status::kOk, StepOutcome::Status::kFailed,
                       StepOutcome::Status::kInterrupted, StepOutcome::Status::kNotRun})
    if (status_name(s) == text) return s;
  throw std::runtime_error("'" + text + "' is no step status");
}

void read_step(const Json& json, SuiteRecord& record) {
  SuiteStep step;
  step.name = json.at("name").get<std::string>();
  step.benchmark = enum_from(kBenchmarkNames, json.at("benchmark"));
  step.scenario = enum_from(kScenarioNames, json.at("scenario"));
  step.args = json.at("args").get<std::vector<std::string>>();
  step.estimate_seconds = json.value("estimate_seconds", 0.0);
  StepOutcome outcome;
  outcome.status = status_from(json.at("status").get<std::string>());
  outcome.exit_status = json.at("exit_status").get<int>();
  outcome.wall_seconds = json.at("wall_seconds").get<double>();
  outcome.started = json.value("started", "");
  outcome.error = json.value("error", "");
  record.steps.push_back(std::move(step));
  record.outcomes.push_back(std::move(outcome));
}

Json record_json(const SuiteRecord& r) {
  Json json{{"suite_format", kSuiteRecordFormat},
            {"command", r.command},
            {"quick", r.quick},
            {"started", r.started},
            {"finished", r.finished},
            {"wall_seconds", r.wall_seconds},
            {"exit_status", r.exit_status}};
  json["machine"] = Json{{"host", r.host},
                         {"environment", r.machine},
                         {"warnings", r.machine_warnings},
                         {"facts", r.facts}};
  Json steps = Json::array();
  for (std::size_t i = 0; i < r.steps.size(); ++i)
    steps.push_back(step_json(r.steps[i], r.outcomes[i]));
  json["steps"] = std::move(steps);
  Json skipped = Json::array();
  for (const SuiteSkip& s : r.skipped)
    skipped.push_back(Json{{"name", s.name}, {"reason", s.reason}});
  json["skipped"] = std::move(skipped);
  Json comparisons = Json::array();
  for (const ComparisonRecord& c : r.comparisons)
    comparisons.push_back(Json{{"folder", c.folder},
                               {"cycles", c.cycles},
                               {"runs", c.runs},
                               {"exit_status", c.exit_status}});
  json["comparisons"] = std::move(comparisons);
  json["notes"] = r.notes;
  return json;
}

}  // namespace

Json facts_json(const MachineFacts& f) {
  return Json{{"root", f.host.root},
              {"tracefs_supported", f.host.tracefs_supported},
              {"syscall_events_missing", f.host.syscall_events_missing},
              {"modules_supported", f.host.modules_supported},
              {"modules_disabled", f.host.modules_disabled},
              {"probe_module_missing", f.host.probe_module_missing},
              {"patch_hook", f.host.patch_hook},
              {"qemu_missing", f.qemu.qemu_missing},
              {"guest_kernel", f.qemu.guest_kernel.string()},
              {"guest_kernel_found", f.qemu.guest_kernel_found},
              {"hermitux_prefix_given", f.hermitux.prefix_given},
              {"hermitux_install_problem", f.hermitux.install_problem},
              {"hermitux_kvm_problem", f.hermitux.kvm_problem}};
}

void write_suite_record(const fs::path& file, const SuiteRecord& record) {
  write_json_file(file, "suite record", record_json(record));
}

SuiteRecord read_suite_record(const fs::path& file) {
  const Json json = read_json_file(file);
  try {
    if (json.at("suite_format").get<int>() != kSuiteRecordFormat)
      throw std::runtime_error("suite_format " + json.at("suite_format").dump() + " is not " +
                               std::to_string(kSuiteRecordFormat));
    SuiteRecord r;
    r.command = json.at("command").get<std::string>();
    r.quick = json.at("quick").get<bool>();
    r.started = json.at("started").get<std::string>();
    r.finished = json.at("finished").get<std::string>();
    r.wall_seconds = json.at("wall_seconds").get<double>();
    r.exit_status = json.at("exit_status").get<int>();
    const Json& machine = json.at("machine");
    r.host = machine.at("host").get<std::string>();
    r.machine = machine.at("environment").get<Environment>();
    r.machine_warnings = machine.at("warnings").get<std::vector<std::string>>();
    r.facts = machine.at("facts");
    for (const Json& step : json.at("steps")) read_step(step, r);
    for (const Json& s : json.at("skipped"))
      r.skipped.push_back({s.at("name").get<std::string>(), s.at("reason").get<std::string>()});
    for (const Json& c : json.at("comparisons"))
      r.comparisons.push_back({c.at("folder").get<std::string>(), c.at("cycles").get<std::string>(),
                               c.at("runs").get<std::vector<std::string>>(),
                               c.at("exit_status").get<int>()});
    r.notes = json.at("notes").get<std::vector<std::string>>();
    return r;
  } catch (const std::exception& e) {
    throw std::runtime_error(file.string() + " is not a suite record this collector wrote (" +
                             e.what() + ")");
  }
}

}  // namespace iprobe
