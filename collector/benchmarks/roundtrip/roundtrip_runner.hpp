// What every scenario's round-trip runner shares: finding the roundtrip-loop-VARIANT programs and
// running each variant --runs times through a scenario's launcher. The loops time their own ioctl
// calls: no probe, no root.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "benchmarks/roundtrip/roundtrip_capture.hpp"
#include "scenarios/common/run_options.hpp"
#include "util/run_facts.hpp"
#include "util/types.hpp"

namespace iprobe {

struct VariantPrograms {
  std::vector<std::pair<std::string, std::filesystem::path>> present;  // {variant, program}
  std::vector<std::string> missing;
  std::vector<std::string> warnings;  // one per missing program
};

// Looks up roundtrip-loop-<variant> in `dir` ("" = next to the running collector) for every variant
// of options.variants. Throws std::runtime_error when a variant named explicitly is missing, or
// when none at all is present.
VariantPrograms find_variant_programs(const RunOptions& options);

// How one process of a variant is started (natively, or inside a unikernel): runs `program` with
// `args`, its stdout into `log` and its stderr into `err`. status is the loop's exit status as
// seen by the launcher; message explains a failure in one line ("" = use the loop's stderr);
// signal is the signal that killed the loop (0: it exited): its results are then partial.
struct LaunchResult {
  int status = 0;
  std::string message;
  int signal = 0;
};
using RoundtripLauncher = std::function<LaunchResult(
    const std::filesystem::path& program, const std::vector<std::string>& args,
    const std::filesystem::path& log, const std::filesystem::path& err)>;

struct RoundtripPlan {
  std::string scenario;                 // names the results: linux, hermitux, ...
  int loop_cpu = 0;                     // --cpu given to every loop
  std::vector<std::string> extra_args;  // after every loop's common arguments (loop_argv)
  Environment environment;              // recorded with the results
  std::vector<std::string> warnings;
  std::optional<StaleInstances> stale_trace_instances;  // when the scenario looked for them
};

// The variants' runs, interleaved (run 1 of every variant, then run 2, ...), through `launch`,
// each stdout in DIR/raw/<variant>-<run>.log and its stderr in DIR/raw/<variant>-<run>.err.
// Returns the capture: the raw logs are all the report needs besides it. A loop killed by a
// signal ends the runs there: the capture is marked incomplete.
std::unique_ptr<Capture> run_roundtrip(const RunOptions& options, const VariantPrograms& programs,
                                       RoundtripPlan plan, const RoundtripLauncher& launch);

}  // namespace iprobe
