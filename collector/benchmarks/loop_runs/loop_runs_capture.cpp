#include "benchmarks/loop_runs/loop_runs_capture.hpp"

#include "benchmarks/run_record.hpp"
#include "env/environment_json.hpp"
#include "results/run_facts_json.hpp"
#include "scenarios/qemu/qemu_guest.hpp"

using Json = nlohmann::ordered_json;

namespace iprobe {

void LoopRunsCapture::start(const RunOptions& o, std::string scenario_name, int loop_cpu,
                            const LoopPrograms& found) {
  scenario = std::move(scenario_name);
  iterations = o.iterations;
  warmup = o.warmup;
  runs = o.runs;
  cpu = loop_cpu;
  outlier_factor = o.outlier_factor;
  set_programs(found);
  warnings = found.warnings;
}

void LoopRunsCapture::adopt_guest_capture(ScenarioId scenario_id, const LoopPrograms& found,
                                          Accel accel, std::chrono::steady_clock::time_point t0) {
  scenario = name(scenario_id);
  set_programs(found);
  std::vector<std::string> all = found.warnings;
  for (std::string& w : guest_warnings(warnings)) all.push_back(std::move(w));
  warnings = std::move(all);
  environment.accel = name(accel);
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
            {"cpu", cpu},
            {"outlier_factor", outlier_factor}};
  json[keys.programs] = pairs_json(programs);
  json[keys.missing] = missing_programs;
  json["wall_seconds"] = wall_seconds ? Json(*wall_seconds) : Json(nullptr);
  json["warnings"] = warnings;
  write_run_facts(json, facts);
  json["environment"] = environment;
  return json;
}

void LoopRunsCapture::read_loop_record(const Json& json, RecordKeys keys) {
  scenario = json.at("scenario").get<std::string>();
  iterations = json.at("iterations").get<uint64_t>();
  warmup = json.at("warmup").get<uint64_t>();
  runs = json.at("runs").get<uint32_t>();
  cpu = json.at("cpu").get<int>();
  outlier_factor = json.at("outlier_factor").get<double>();
  programs = pairs_from_json(json.at(keys.programs));
  missing_programs = json.at(keys.missing).get<std::vector<std::string>>();
  if (!json.at("wall_seconds").is_null()) wall_seconds = json.at("wall_seconds").get<double>();
  warnings = json.at("warnings").get<std::vector<std::string>>();
  facts = read_run_facts(json);
  environment = json.at("environment").get<Environment>();
}

}  // namespace iprobe
