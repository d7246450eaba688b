// Running the suite's steps: each one is this collector run again as a child process,
// `collector ARGS -o DIR/NAME`, its stdout and stderr in DIR/logs/NAME.{stdout,stderr}.log, so
// that a step that fails or crashes leaves the suite going and every run is the same as one a
// user starts by hand. After an interrupt (SIGINT, SIGTERM to the suite) the running step is
// stopped and the others are not started.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "suite/suite_plan.hpp"
#include "suite/suite_progress.hpp"

namespace iprobe {

struct StepOutcome {
  enum class Status : uint8_t { kOk, kFailed, kInterrupted, kNotRun };
  Status status = Status::kNotRun;
  int exit_status = -1;  // the collector's exit status; -1 when it did not run
  double wall_seconds = 0;
  std::string started;  // UTC, ISO 8601
  std::string error;    // the last line of its stderr when it did not succeed
};

std::string status_name(StepOutcome::Status status);
std::string step_log(const std::string& step, const std::string& stream);  // logs/NAME.S.log

// UTC now as 2025-01-31T12:00:00Z.
std::string utc_now();

std::vector<StepOutcome> run_steps(const std::vector<SuiteStep>& steps,
                                   const std::filesystem::path& dir,
                                   const std::filesystem::path& collector, SuiteProgress& progress);

}  // namespace iprobe
