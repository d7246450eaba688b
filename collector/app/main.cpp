// collector: runs the ioctl entry-latency and round-trip benchmarks and reports
// them. See --help.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/compare_command.hpp"
#include "app/guest_init.hpp"
#include "app/report_command.hpp"
#include "app/suite_command.hpp"
#include "benchmarks/benchmark_table.hpp"
#include "benchmarks/entry/entry_capture.hpp"
#include "benchmarks/finish_run.hpp"
#include "scenarios/common/interrupt.hpp"
#include "util/file_util.hpp"

namespace {

// Pairs logs collected elsewhere; copies of them are kept in DIR/raw/ next to the results.
int run_parse(const iprobe::ParseOptions& o) {
  namespace fs = std::filesystem;
  const fs::path raw = o.output_dir / "raw";
  fs::create_directories(raw);
  iprobe::EntryCapture report;
  // Regular files are copied; a pipe or FIFO is not (copying would consume it).
  auto keep = [&](const std::vector<fs::path>& logs, const std::string& kind) {
    for (size_t i = 0; i < logs.size(); ++i) {
      std::error_code ec;
      if (!o.copy_raw) continue;
      if (!fs::is_regular_file(logs[i], ec) && fs::exists(logs[i], ec)) {
        report.warnings.push_back(kind + " log '" + logs[i].string() +
                                  "' is not a regular file: not copied into raw/");
        continue;
      }
      iprobe::copy_stream_file(
          logs[i], raw / (kind + "-" + std::to_string(i) + "-" + logs[i].filename().string()));
    }
  };
  keep(o.user_logs, "user");
  keep(o.kernel_logs, "kernel");
  report.scenario = "parse";
  report.probes = o.probes;
  report.user_logs = o.user_logs;
  report.kernel_logs = o.kernel_logs;
  report.run_id = o.run_id;
  report.kernel_format = o.format;
  report.strict = o.strict;
  return iprobe::report_capture(report, {o.output_dir, true, o.plots});
}

}  // namespace

int main(int argc, char** argv) {
  if (getpid() == 1) iprobe::guest_init_main();
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && args[0] == "report")
      return iprobe::run_report_main({args.begin() + 1, args.end()});
    if (!args.empty() && args[0] == "compare")
      return iprobe::run_compare_main({args.begin() + 1, args.end()});
    if (!args.empty() && args[0] == "suite")
      return iprobe::run_suite_main({args.begin() + 1, args.end()});
    iprobe::Command cmd = iprobe::parse_command_line(args);
    if (auto* help = std::get_if<iprobe::HelpRequested>(&cmd)) {
      std::cout << help->text;
      return 0;
    }
    if (auto* parse = std::get_if<iprobe::ParseOptions>(&cmd)) return run_parse(*parse);
    const auto& run = std::get<iprobe::RunOptions>(cmd);
    iprobe::install_interrupt_handlers();
    return iprobe::run_measurement(run);
  } catch (const std::invalid_argument& e) {
    std::cerr << "collector: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "collector: " << e.what() << "\n";
    return 1;
  }
}
