// The last step of every scenario and of `collector parse`: pair the raw logs, compute the
// distribution, write summary.json / pairs.csv and print the table.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/types.hpp"

namespace iprobe {

struct ReportInputs {
  std::string scenario;
  // module | patch | hermitux | tracepoint, or several comma-separated in the order named
  // (patch,tracepoint: the first is the primary probe) | "" (unknown, e.g. parse)
  std::string probe;
  std::string mode;                                        // printk | buffer | ""
  std::string loop;                                        // loop program name, "" = not recorded
  std::vector<std::pair<std::string, std::string>> extra;  // appended to summary.json "extra"
  std::vector<std::filesystem::path> user_logs;
  std::vector<std::filesystem::path> kernel_logs;
  std::optional<uint32_t> run_id;
  Environment environment;
  std::vector<std::string> warnings;  // from the run itself (drain, loop, QEMU)
  uint64_t kmsg_epipe = 0;            // EPIPE seen by the live /dev/kmsg drain
  uint64_t kmsg_seq_gap = 0;          // records the live drain saw missing
  std::optional<double> wall_seconds;
  std::filesystem::path output_dir;
  bool print_table = true;
  bool plots = true;                   // off inside the guest, which has no gnuplot
  std::string kernel_format = "auto";  // auto | kmsg | dmesg | journal | serial | dump | uhyve
  bool strict = false;                 // any log anomaly -> exit status 3 (see strict_violation)
};

// The probes of ReportInputs::probe in the order named; words naming no probe are skipped
// ("" gives none: the pairing then takes the probe from the loop's cmd).
std::vector<Probe> probe_sources(std::string_view probe);

// Writes the results into inputs.output_dir and returns the process exit status: 0, or 3 when
// inputs.strict is set and the logs show an anomaly (one line naming it goes to stderr).
// Throws std::runtime_error with a one-line message when the logs cannot be used at all.
int write_report(const ReportInputs& inputs);

}  // namespace iprobe
