// What a capture of loop processes records besides every capture's (round trip, interposition):
// the run's settings and the programs that ran, in raw/run.json under the kind's names.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "benchmarks/capture.hpp"
#include "benchmarks/loop_runs/loop_programs.hpp"
#include "scenarios/common/run_options.hpp"
#include "scenarios/qemu/qemu_guest.hpp"
#include "util/run_facts.hpp"
#include "util/types.hpp"

namespace iprobe {

// What a scenario's runner decides before a loop-runs kind runs its loops; a kind's plan adds
// its own members (the round trip's call, the interposition's supervisor CPU).
struct LoopRunsPlan {
  std::string scenario;                 // names the results: linux, hermitux, ...
  int loop_cpu = 0;                     // --cpu given to every loop
  std::vector<std::string> extra_args;  // after every loop's common arguments (loop_argv)
  Environment environment;              // recorded with the results
  std::vector<std::string> warnings;
  std::optional<StaleInstances> stale_trace_instances;  // when the scenario looked for them
};

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

  // Before the runs: the settings of `options`, the plan's scenario, loops' CPU and stale trace
  // instances, the programs found, and the warnings about those that were not, then the plan's.
  void start(const RunOptions& options, const LoopRunsPlan& plan, const LoopPrograms& found);
  // After the runs: the plan's environment, and the wall time since `t0`.
  void finish_runs(Environment environment, std::chrono::steady_clock::time_point t0);
  // On the host, after the guest's capture was read back: the host's programs, the guest's
  // warnings after the host's, the accelerator, where the vCPUs ran (and its warnings) and the
  // wall time since `t0`.
  void adopt_guest_capture(ScenarioId scenario, const LoopPrograms& found, const GuestRun& booted,
                           std::chrono::steady_clock::time_point t0);
  // Every program that ran, {series, path}: their hashes go into the run's provenance.
  std::vector<std::pair<std::string, std::filesystem::path>> loop_programs() const override;

 protected:
  // raw/run.json with the members above and every capture's; a kind adds its own.
  nlohmann::ordered_json loop_record_json(Benchmark benchmark, RecordKeys keys) const;
  // The reverse; throws nlohmann::json::exception when a member is missing or of the wrong type.
  void read_loop_record(const nlohmann::ordered_json& json, RecordKeys keys);

 private:
  void set_programs(const LoopPrograms& found);
};

}  // namespace iprobe
