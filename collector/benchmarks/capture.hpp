// What a benchmark kind's runner hands to the one closing path (finish_run): the capture of one
// run in one scenario. The raw logs are in DIR/raw/; the capture holds the rest the results are
// built from, and is itself written to raw/run.json (inside the project's QEMU guest, the whole
// answer the guest gives the host, which reads it back and reports).
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "results/results.hpp"
#include "scenarios/common/run_options.hpp"
#include "util/run_facts.hpp"
#include "util/types.hpp"

namespace iprobe {

inline constexpr const char* kRunRecordFile = "run.json";

class Capture {
 public:
  // What every kind's capture records.
  std::string scenario;  // names the results: a scenario's name, hermitux-rewritten, parse
  Environment environment;
  std::vector<std::string> warnings;  // from the run itself (drain, loop, QEMU)
  std::optional<double> wall_seconds;
  RunFacts facts;  // complete or not, the probe choice, tracefs (raw/run.json and summary.json)

  Capture() = default;
  Capture(const Capture&) = default;
  Capture& operator=(const Capture&) = default;
  virtual ~Capture() = default;

  // raw/run.json. Log paths are recorded by file name: they live next to it, in raw/.
  virtual nlohmann::ordered_json record_json() const = 0;
  // The results, from the raw logs read once. Throws std::runtime_error with a one-line message
  // when the logs cannot be used at all.
  virtual Results summarize(const std::filesystem::path& output_dir) const = 0;

 protected:
  // The header every kind's results start from: the scenario, the environment, the facts, the
  // capture's warnings followed by the environment's caveats.
  ResultsHeader results_header(Benchmark benchmark) const;
};

// A kind's runner in one scenario: captures a run there (its raw logs into
// options.output_dir/raw/) and returns the capture.
using CaptureRunner = std::unique_ptr<Capture> (*)(const RunOptions& options);

}  // namespace iprobe
