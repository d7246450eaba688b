// What a round-trip run captured: which variants ran how often (programs; their outputs are
// raw/<variant>-<run>.log); summarize() reads every output once into the results.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "benchmarks/loop_runs/loop_runs_capture.hpp"
#include "benchmarks/roundtrip/roundtrip_call.hpp"

namespace iprobe {

class RoundtripResults;

class RoundtripCapture : public LoopRunsCapture {
 public:
  bool subtract_floor = false;
  RoundtripCall call;  // what every loop called
  // The patched kernel's hook mode during the runs (Linux); "" when the kernel has none. In
  // buffer mode its buffer is read into raw/hook-dump.log afterwards, when readable.
  std::string patch_hook_mode;

  nlohmann::ordered_json record_json() const override;
  // Reads output_dir/raw/<variant>-<run>.log of every variant and run. Throws
  // std::runtime_error when no run of any variant is usable.
  Results summarize(const std::filesystem::path& output_dir) const override;

  // raw/run.json of a round-trip run. Throws std::runtime_error naming the file when it is
  // missing, not JSON, or of another benchmark.
  static RoundtripCapture read_record(const std::filesystem::path& raw);

 private:
  // The hook's use from patch_hook_mode and raw/hook-dump.log, counting the stamps of `results`'
  // runs; a warning into `warnings` when it stamped any.
  std::optional<PatchHookUse> patch_hook_use(const std::filesystem::path& raw,
                                             const RoundtripResults& results,
                                             std::vector<std::string>& warnings) const;
};

}  // namespace iprobe
