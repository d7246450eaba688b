// raw/run.json: what a scenario captured (its logs, how to read them, warnings, environment),
// written by the one closing path of every run. Inside the project's guest it is the whole
// answer the guest gives the host, which pairs and reports from it; on the host it documents
// the run next to its raw logs.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "report/report_pipeline.hpp"
#include "report/roundtrip.hpp"

namespace iprobe {

inline constexpr const char* kRunRecordFile = "run.json";

// Log paths are recorded by file name: they live next to run.json, in raw/.
nlohmann::ordered_json entry_record_json(const ReportInputs& capture);
nlohmann::ordered_json roundtrip_record_json(const RoundtripReportInputs& capture);

// Read back from raw/run.json, logs re-rooted in `raw`. Throws std::runtime_error naming the
// file when it is missing, not JSON, or of the other benchmark.
ReportInputs read_entry_record(const std::filesystem::path& raw);
RoundtripReportInputs read_roundtrip_record(const std::filesystem::path& raw);

}  // namespace iprobe
