// What a capture of loop processes records besides every capture's (round trip, interposition):
// the run's settings and the programs that ran, in raw/run.json under the kind's names.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "benchmarks/capture.hpp"
#include "benchmarks/loop_runs/loop_programs.hpp"
#include "scenarios/common/run_options.hpp"

namespace iprobe {

class LoopRunsCapture : public Capture {
 public:
  uint64_t iterations = 0;
  uint64_t warmup = 0;
  uint32_t runs = 0;  // processes per series
  int cpu = -1;
  double outlier_factor = 1.5;
  std::vector<std::pair<std::string, std::string>> programs;  // {series, binary} that were run
  std::vector<std::string> missing_programs;                  // series without their program

  // Where raw/run.json keeps the programs: e.g. "variants" and "missing_variants".
  struct RecordKeys {
    const char* programs;
    const char* missing;
  };

  // Before the runs: the settings of `options`, the scenario, the loops' CPU, the programs found
  // and the warnings about those that were not.
  void start(const RunOptions& options, std::string scenario, int loop_cpu,
             const LoopPrograms& found);
  // On the host, after the guest's capture was read back: the host's programs, the guest's
  // warnings after the host's, the accelerator and the wall time since `t0`.
  void adopt_guest_capture(ScenarioId scenario, const LoopPrograms& found, Accel accel,
                           std::chrono::steady_clock::time_point t0);

 protected:
  // raw/run.json with the members above and every capture's; a kind adds its own.
  nlohmann::ordered_json loop_record_json(Benchmark benchmark, RecordKeys keys) const;
  // The reverse; throws nlohmann::json::exception when a member is missing or of the wrong type.
  void read_loop_record(const nlohmann::ordered_json& json, RecordKeys keys);

 private:
  void set_programs(const LoopPrograms& found);
};

}  // namespace iprobe
