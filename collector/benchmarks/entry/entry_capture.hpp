// What an entry-latency run captured: the user and kernel logs (in raw/) and how to read them;
// summarize() pairs them once into the results. Also what `collector parse` builds from the logs
// it is given.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "benchmarks/capture.hpp"
#include "logs/log_format.hpp"

namespace iprobe {

class EntryCapture : public Capture {
 public:
  // The probes as named, primary first (patch,tracepoint); empty: unknown (collector parse
  // without --probe), the pairing then takes the probe from the loop's cmd.
  std::vector<Probe> probes;
  std::optional<Mode> mode;         // empty: unknown, or no mode (the tracepoints alone)
  std::string loop;                 // loop program name, "" = not recorded
  std::filesystem::path loop_path;  // the program as started on this machine, "" = unknown
  std::vector<std::pair<std::string, std::string>> extra;  // first in summary.json "extra"
  std::vector<std::filesystem::path> user_logs;
  std::vector<std::filesystem::path> kernel_logs;
  // --probe tracepoint: the same loop with the events off, right before and right after the
  // traced run (tracepoint_cost); empty when not measured.
  std::vector<std::filesystem::path> untraced_logs;
  std::optional<uint32_t> run_id;
  uint64_t kmsg_epipe = 0;    // EPIPE seen by the live /dev/kmsg drain
  uint64_t kmsg_seq_gap = 0;  // records the live drain saw missing
  LogFormat kernel_format = LogFormat::kAuto;
  bool strict = false;  // any log anomaly fails the results (strict_violation, exit status 3)
  // --scenario hermitux: the guest run (its outcome, settings and vCPU placement) that --replay
  // re-analyses the guest's output with; null elsewhere.
  nlohmann::ordered_json guest;

  nlohmann::ordered_json record_json() const override;
  // Throws std::runtime_error with a one-line message when the logs cannot be paired at all.
  Results summarize(const std::filesystem::path& output_dir) const override;
  std::vector<std::pair<std::string, std::filesystem::path>> loop_programs() const override;

  // raw/run.json of an entry run, logs re-rooted in `raw`. Throws std::runtime_error naming the
  // file when it is missing, not JSON, or of another benchmark.
  static EntryCapture read_record(const std::filesystem::path& raw);
};

}  // namespace iprobe
