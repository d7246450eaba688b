// The suite's own record, DIR/suite.json: the command, the machine (its environment, warnings
// and the facts the plan was made from), every step with its folder, logs, exit status and wall
// time, what was skipped and why, the comparisons drawn, and the suite's exit status. Written at
// the end of a suite and read back by `collector report DIR --html`.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "suite/suite_plan.hpp"
#include "suite/suite_run.hpp"
#include "util/types.hpp"

namespace iprobe {

inline constexpr const char* kSuiteRecordFile = "suite.json";
inline constexpr int kSuiteRecordFormat = 1;

// One compare figure and table over runs whose cycles compare (suite_compare.hpp).
struct ComparisonRecord {
  std::string folder;             // compare-hardware, compare-emulated, ...
  std::string cycles;             // the kind of cycles: hardware, emulated (tcg)
  std::vector<std::string> runs;  // the steps' folders it compares
  int exit_status = 0;            // collector compare's
};

struct SuiteRecord {
  std::string command;
  bool quick = false;
  std::string started;  // UTC, ISO 8601
  std::string finished;
  double wall_seconds = 0;
  int exit_status = 0;
  std::string host;
  Environment machine;
  std::vector<std::string> machine_warnings;
  nlohmann::ordered_json facts = nlohmann::ordered_json::object();
  std::vector<SuiteStep> steps;
  std::vector<StepOutcome> outcomes;  // one per step
  std::vector<SuiteSkip> skipped;
  std::vector<ComparisonRecord> comparisons;
  std::vector<std::string> notes;  // e.g. runs left out of the comparisons, and why
};

nlohmann::ordered_json facts_json(const MachineFacts& facts);

// Throws std::runtime_error naming the file when it cannot be written.
void write_suite_record(const std::filesystem::path& file, const SuiteRecord& record);
// Throws std::runtime_error naming the file (and what is wrong) when it is no suite record.
SuiteRecord read_suite_record(const std::filesystem::path& file);

}  // namespace iprobe
