// What a round-trip run captured: which variants ran how often (their outputs are
// raw/<variant>-<run>.log); summarize() reads every output once into the results.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "benchmarks/capture.hpp"

namespace iprobe {

class RoundtripCapture : public Capture {
 public:
  uint64_t iterations = 0;
  uint64_t warmup = 0;
  uint32_t runs = 0;
  int cpu = -1;
  bool subtract_floor = false;
  double outlier_factor = 1.5;
  std::vector<std::pair<std::string, std::string>> variants;  // {name, binary} that were run
  std::vector<std::string> missing_variants;

  nlohmann::ordered_json record_json() const override;
  // Reads output_dir/raw/<variant>-<run>.log of every variant and run. Throws
  // std::runtime_error when no run of any variant is usable.
  Results summarize(const std::filesystem::path& output_dir) const override;

  // raw/run.json of a round-trip run. Throws std::runtime_error naming the file when it is
  // missing, not JSON, or of another benchmark.
  static RoundtripCapture read_record(const std::filesystem::path& raw);
};

}  // namespace iprobe
