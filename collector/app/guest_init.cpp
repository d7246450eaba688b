#include "app/guest_init.hpp"

#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iostream>
#include <string>

#include "benchmarks/benchmark_table.hpp"
#include "results/json_file.hpp"
#include "scenarios/common/run_options_json.hpp"
#include "scenarios/qemu/guest_archive.hpp"
#include "scenarios/qemu/guest_layout.hpp"
#include "util/file_util.hpp"

namespace fs = std::filesystem;

namespace iprobe {

namespace {

// The guest's progress line before the measurement starts (the kind's runner then says what
// it runs in detail). Only the entry benchmark has probes; the tracepoints alone have no mode.
std::string what_runs(const RunOptions& run) {
  std::string line = "running " + std::string(benchmark_kind(run.benchmark).description) + ": " +
                     std::to_string(run.iterations) + " calls";
  if (run.probes.empty()) return line;
  line += ", probe " + probe_list_name(run.probes);
  if (loop_probe(run.probes) != Probe::kTracepoint) line += ", mode " + name(run.mode);
  return line;
}

constexpr int kSyslogActionConsoleLevel = 8;

void progress(const std::string& text) { std::cout << kGuestProgressPrefix << text << std::endl; }

void mount_or_report(const char* source, const char* target, const char* type) {
  ::mkdir(target, 0755);
  if (::mount(source, target, type, 0, nullptr) != 0)
    progress(std::string("cannot mount ") + type + " on " + target);
}

// Every raw file the guest captured, named flat for the host (the guest pairs nothing). The run
// record goes last: a guest that dies while writing leaves the host no record, never a record
// whose logs are cut short.
ResultFiles result_files() {
  ResultFiles files;
  ResultFiles last;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(kGuestResultsDir, ec)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    (name == kRunRecordFile ? last : files).emplace_back(name, entry.path());
  }
  files.insert(files.end(), last.begin(), last.end());
  return files;
}

}  // namespace

void guest_init_main() {
  mount_or_report("proc", "/proc", "proc");
  mount_or_report("sysfs", "/sys", "sysfs");
  mount_or_report("devtmpfs", "/dev", "devtmpfs");
  // --probe tracepoint (a guest kernel without tracing just reports it missing).
  mount_or_report("tracefs", "/sys/kernel/tracing", "tracefs");
  // Probe stamps are KERN_INFO: keep them off the (slow, emulated) serial console.
  ::klogctl(kSyslogActionConsoleLevel, nullptr, 1);
  fs::create_directories(kGuestResultsDir);

  std::string error;
  try {
    const RunOptions run = run_options_from_json(read_json_file(kGuestOptionsFile));
    progress(what_runs(run));
    run_measurement(run);
  } catch (const std::exception& e) {
    error = e.what();
    progress(std::string("error: ") + error);
  }
  try {
    if (!error.empty()) write_text_file(fs::path(kGuestResultsDir) / kGuestErrorFile, error + "\n");
    auto files = result_files();
    progress("writing " + std::to_string(files.size()) + " result files to the transfer disk");
    write_results_tar(kGuestTransferDevice, files);
    progress("done");
  } catch (const std::exception& e) {
    progress(std::string("cannot write the results: ") + e.what());
  }
  ::sync();
  // Under `qemu -no-reboot` a reboot ends QEMU; it needs no ACPI in the guest kernel.
  ::reboot(RB_AUTOBOOT);
  for (;;) ::pause();
}

}  // namespace iprobe
