// The last step of every scenario and of `collector parse`: pair the raw logs, compute the
// distribution, write summary.json / pairs.csv and print the table.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/types.hpp"

namespace iprobe {

struct ReportInputs {
  std::string scenario;
  std::string probe;  // module | patch | "" (unknown, e.g. parse)
  std::string mode;   // printk | buffer | ""
  std::string loop;   // loop program name, "" = not recorded
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

// Writes the results into inputs.output_dir and returns the process exit status: 0, or 3 when
// inputs.strict is set and the logs show an anomaly (one line naming it goes to stderr).
// Throws std::runtime_error with a one-line message when the logs cannot be used at all.
int write_report(const ReportInputs& inputs);

}  // namespace iprobe
