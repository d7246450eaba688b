// What a round-trip run captured: which variants ran how often (programs; their outputs are
// raw/<variant>-<run>.log); summarize() reads every output once into the results.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "benchmarks/loop_runs/loop_runs_capture.hpp"

namespace iprobe {

class RoundtripCapture : public LoopRunsCapture {
 public:
  bool subtract_floor = false;

  nlohmann::ordered_json record_json() const override;
  // Reads output_dir/raw/<variant>-<run>.log of every variant and run. Throws
  // std::runtime_error when no run of any variant is usable.
  Results summarize(const std::filesystem::path& output_dir) const override;

  // raw/run.json of a round-trip run. Throws std::runtime_error naming the file when it is
  // missing, not JSON, or of another benchmark.
  static RoundtripCapture read_record(const std::filesystem::path& raw);
};

}  // namespace iprobe
