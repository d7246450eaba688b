#include "benchmarks/loop_runs/loop_runs_capture.hpp"

#include "benchmarks/run_record.hpp"
#include "scenarios/qemu/qemu_guest.hpp"

using Json = nlohmann::ordered_json;

namespace iprobe {

void LoopRunsCapture::start(const RunOptions& o, const LoopRunsPlan& plan,
                            const LoopPrograms& found) {
  scenario = plan.scenario;
  iterations = o.iterations;
  warmup = o.warmup;
  runs = o.runs;
  cpu = plan.loop_cpu;
  outlier_factor = o.outlier_factor;
  set_programs(found);
  warnings = found.warnings;
  warnings.insert(warnings.end(), plan.warnings.begin(), plan.warnings.end());
  facts.stale_trace_instances = plan.stale_trace_instances;
}

void LoopRunsCapture::finish_runs(Environment run_environment,
                                  std::chrono::steady_clock::time_point t0) {
  environment = std::move(run_environment);
  wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void LoopRunsCapture::adopt_guest_capture(ScenarioId scenario_id, const LoopPrograms& found,
                                          const GuestRun& booted,
                                          std::chrono::steady_clock::time_point t0) {
  scenario = name(scenario_id);
  set_programs(found);
  std::vector<std::string> all = found.warnings;
  for (std::string& w : guest_warnings(warnings)) all.push_back(std::move(w));
  add_pinning(booted.pinning, environment, all);
  warnings = std::move(all);
  environment.accel = name(booted.accel);
  wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void LoopRunsCapture::set_programs(const LoopPrograms& found) {
  programs.clear();
  for (const auto& [name, program] : found.present) programs.emplace_back(name, program.string());
  missing_programs = found.missing;
}

Json LoopRunsCapture::loop_record_json(Benchmark benchmark, RecordKeys keys) const {
  Json json{{"benchmark", name(benchmark)},
            {"scenario", scenario},
            {"iterations", iterations},
            {"warmup", warmup},
            {"runs", runs},
            {"outlier_factor", outlier_factor}};
  json[keys.programs] = pairs_json(programs);
  json[keys.missing] = missing_programs;
  write_common_record(json);
  return json;
}

void LoopRunsCapture::read_loop_record(const Json& json, RecordKeys keys) {
  scenario = json.at("scenario").get<std::string>();
  iterations = json.at("iterations").get<uint64_t>();
  warmup = json.at("warmup").get<uint64_t>();
  runs = json.at("runs").get<uint32_t>();
  outlier_factor = json.at("outlier_factor").get<double>();
  programs = pairs_from_json(json.at(keys.programs));
  missing_programs = json.at(keys.missing).get<std::vector<std::string>>();
  read_common_record(json);
  // The loops' CPU is recorded once, as environment.cpu ("cpu" of earlier records repeats it).
  cpu = environment.cpu;
}

std::vector<std::pair<std::string, std::filesystem::path>> LoopRunsCapture::loop_programs() const {
  std::vector<std::pair<std::string, std::filesystem::path>> loops;
  for (const auto& [series, binary] : programs) loops.emplace_back(series, binary);
  return loops;
}

}  // namespace iprobe
