// What an interposition run captured: which mechanisms ran (programs) with which calls how
// often (their outputs are raw/<mechanism>-<call>-<run>.log); summarize() reads every output
// once into the results.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "benchmarks/loop_runs/loop_runs_capture.hpp"

namespace iprobe {

class InterposeCapture : public LoopRunsCapture {
 public:
  int supervisor_cpu = -1;         // where supervisors and tracers were asked to run
  std::vector<std::string> calls;  // ioctl, nosys

  nlohmann::ordered_json record_json() const override;
  // Reads output_dir/raw/<mechanism>-<call>-<run>.log of every mechanism, call and run; the
  // runs after a mechanism was refused were not made. Throws std::runtime_error when no run of
  // any mechanism is usable.
  Results summarize(const std::filesystem::path& output_dir) const override;

  // raw/run.json of an interposition run. Throws std::runtime_error naming the file when it is
  // missing, not JSON, or of another benchmark.
  static InterposeCapture read_record(const std::filesystem::path& raw);
};

}  // namespace iprobe
