#include "suite/suite_run.hpp"

#include <array>
#include <ctime>

#include "scenarios/common/child_process.hpp"
#include "scenarios/common/interrupt.hpp"
#include "util/file_util.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

// The last line of a file that is not empty, at most 300 characters.
std::string last_line(const fs::path& file) {
  std::string text;
  try {
    text = read_text_file(file);
  } catch (const std::exception&) {
    return "";
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  const std::size_t start = text.rfind('\n');
  std::string line = start == std::string::npos ? text : text.substr(start + 1);
  constexpr std::size_t kMax = 300;
  if (line.size() > kMax) line = line.substr(0, kMax) + "...";
  return line;
}

StepOutcome run_step(const SuiteStep& step, std::size_t index, const fs::path& dir,
                     const fs::path& collector, SuiteProgress& progress) {
  StepOutcome outcome;
  outcome.started = utc_now();
  ChildSpec spec;
  spec.program = collector;
  spec.args = step.args;
  spec.args.insert(spec.args.end(), {"-o", (dir / step.name).string()});
  spec.stdout_file = dir / step_log(step.name, "stdout");
  spec.stderr_file = dir / step_log(step.name, "stderr");
  spec.poll_interval = std::chrono::milliseconds(200);
  spec.on_poll = [&](bool running) {
    if (running) progress.running(index);
    return true;
  };
  progress.started(index);
  try {
    const ChildResult result = run_child(spec);
    outcome.exit_status = result.exit_code;
    outcome.wall_seconds = result.wall_seconds;
    outcome.status = result.interrupted || interrupted() ? StepOutcome::Status::kInterrupted
                     : result.exit_code == 0             ? StepOutcome::Status::kOk
                                                         : StepOutcome::Status::kFailed;
  } catch (const std::runtime_error& e) {  // it could not be started
    outcome.status = StepOutcome::Status::kFailed;
    outcome.error = e.what();
  }
  if (outcome.status != StepOutcome::Status::kOk && outcome.error.empty())
    outcome.error = last_line(spec.stderr_file);
  std::string how = status_name(outcome.status);
  if (outcome.status != StepOutcome::Status::kOk)
    how += " (exit status " + std::to_string(outcome.exit_status) + ": " + outcome.error + ")";
  progress.ended(index, outcome.wall_seconds, how);
  return outcome;
}

}  // namespace

std::string status_name(StepOutcome::Status status) {
  switch (status) {
    case StepOutcome::Status::kOk:
      return "ok";
    case StepOutcome::Status::kFailed:
      return "failed";
    case StepOutcome::Status::kInterrupted:
      return "interrupted";
    case StepOutcome::Status::kNotRun:
      break;
  }
  return "not run";
}

std::string step_log(const std::string& step, const std::string& stream) {
  return "logs/" + step + "." + stream + ".log";
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text.data();
}

std::vector<StepOutcome> run_steps(const std::vector<SuiteStep>& steps, const fs::path& dir,
                                   const fs::path& collector, SuiteProgress& progress) {
  fs::create_directories(dir / "logs");
  std::vector<StepOutcome> outcomes(steps.size());
  for (std::size_t i = 0; i < steps.size() && !interrupted(); ++i)
    outcomes[i] = run_step(steps[i], i, dir, collector, progress);
  return outcomes;
}

}  // namespace iprobe
