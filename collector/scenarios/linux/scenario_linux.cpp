#include "scenarios/linux/scenario_linux.hpp"

#include <fcntl.h>
#include <ioctl_probe/ioctl_probe.h>
#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <boost/process.hpp>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "env/environment.hpp"
#include "logs/kmsg_drain.hpp"
#include "logs/stamp_line.hpp"
#include "report/report_pipeline.hpp"
#include "scenarios/common/cpu_affinity.hpp"
#include "scenarios/linux/kmod_loader.hpp"
#include "util/file_util.hpp"
#include "util/run_id.hpp"

namespace bp = boost::process;
namespace fs = std::filesystem;

namespace iprobe {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int /*sig*/) { g_interrupted.store(true); }

// The patched kernel's hook, switched on for the run and off again afterwards.
class PatchHookGuard {
 public:
  PatchHookGuard(const std::string& mode, uint64_t entries) {
    fs::path dir = IOPROBE_PATCH_PARAM_DIR;
    if (!fs::exists(dir / "mode"))
      throw std::runtime_error(
          "this kernel has no ioctl_probe hook (" + dir.string() +
          "/mode is missing): boot a kernel patched with `make -f Makefile.kernel install`, "
          "or use --probe module");
    // No detour through "off": switching the static key patches kernel text, which is best
    // done as rarely as possible (a hook already on at boot is only re-sized here).
    write_text_file(dir / "entries", std::to_string(entries) + "\n");
    write_text_file(dir / "mode", mode + "\n");
    active_ = true;
  }
  ~PatchHookGuard() {
    if (active_) {
      try {
        write_text_file(fs::path(IOPROBE_PATCH_PARAM_DIR) / "mode", "off\n");
      } catch (...) {  // nothing more to do while unwinding
      }
    }
  }
  PatchHookGuard(const PatchHookGuard&) = delete;
  PatchHookGuard& operator=(const PatchHookGuard&) = delete;

 private:
  bool active_ = false;
};

fs::path default_module_path() {
  fs::path exe = fs::read_symlink("/proc/self/exe").parent_path();
  for (const fs::path& p :
       {fs::path("/lib/modules/ioctl_probe.ko"), exe / ".." / "host-module" / "ioctl_probe.ko"})
    if (fs::exists(p)) return fs::weakly_canonical(p);
  return {};  // libkmod looks the module up by name (installed with modules_install)
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool interrupted() { return g_interrupted.load(); }

int run_linux_scenario(const RunOptions& o) {
  if (geteuid() != 0)
    throw std::runtime_error(
        "--scenario linux needs root (it loads a kernel module or switches the patched hook, "
        "and reads /dev/kmsg): run it with sudo, or use --scenario linux-qemu, which changes "
        "nothing on this host");
  const std::string probe = o.probe.empty() ? "module" : o.probe;
  if (probe == "module" && !module_loading_supported())
    throw std::runtime_error(
        "this system cannot load kernel modules (/proc/modules is missing): use "
        "--scenario linux-qemu to measure on the project's kernel under QEMU");
  const fs::path loop = find_sibling_program("ioctl-loop", o.loop_path);
  const fs::path raw = o.output_dir / "raw";
  fs::create_directories(raw);

  const std::vector<int> cpus = allowed_cpus();
  const int loop_cpu = o.cpu >= 0 ? o.cpu : (cpus.empty() ? 0 : cpus.back());
  int drain_cpu = -1;
  for (int c : cpus)
    if (c != loop_cpu) drain_cpu = c;
  const uint32_t run = o.run_id ? *o.run_id : random_run_id();
  const uint64_t entries = o.iterations + o.warmup;
  if (o.mode == "buffer" && entries > IOPROBE_BUFFER_MAX_ENTRIES)
    throw std::runtime_error("--iterations + --warmup must not exceed " +
                             std::to_string(IOPROBE_BUFFER_MAX_ENTRIES) +
                             " in buffer mode (the kernel buffer is bounded)");

  ReportInputs report;
  report.scenario = "linux";
  report.probe = probe;
  report.loop = loop.filename().string();
  report.mode = o.mode;
  report.run_id = run;
  report.output_dir = o.output_dir;
  report.print_table = !o.quiet;
  report.plots = o.guest_accel.empty();
  auto t0 = std::chrono::steady_clock::now();

  std::string history;
  {
    std::optional<LoadedModule> module;
    std::optional<PatchHookGuard> hook;
    if (probe == "module") {
      module.emplace(o.module_path.empty() ? default_module_path() : o.module_path,
                     IOPROBE_MODULE_NAME, "mode=" + o.mode + " entries=" + std::to_string(entries));
    } else {
      hook.emplace(o.mode, entries);
    }
    KmsgDrain drain(raw / "kmsg.log", drain_cpu, &history);

    if (!o.quiet)
      std::cerr << "collector: run " << run_hex(run) << ": " << o.iterations << " ioctl calls (+"
                << o.warmup << " warm-up) on CPU " << loop_cpu << ", probe " << probe << ", mode "
                << o.mode << "\n";
    std::vector<std::string> args{"--iterations", std::to_string(o.iterations),
                                  "--warmup",     std::to_string(o.warmup),
                                  "--cpu",        std::to_string(loop_cpu),
                                  "--run-id",     run_hex(run),
                                  "--probe",      probe};
    if (o.floor_samples > 0)
      args.insert(args.end(), {"--floor-samples", std::to_string(o.floor_samples)});
    bp::child child(loop.string(), bp::args(args),
                    bp::std_in<bp::null, bp::std_out> fresh_output_file(raw / "user.log"),
                    bp::std_err > fresh_output_file(raw / "loop-stderr.log"));
    std::error_code ec;
    while (child.running(ec)) {
      if (interrupted()) child.terminate();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    child.wait(ec);
    if (interrupted()) throw std::runtime_error("interrupted: probe disabled, nothing reported");
    int loop_status = child.exit_code();

    KmsgDrainStats ds = drain.finish(run, std::chrono::seconds(30));
    report.kmsg_epipe = ds.epipe;
    report.kmsg_seq_gap = ds.seq_gap;
    if (!ds.marker_seen)
      report.warnings.push_back(
          "the end marker never came back through /dev/kmsg within 30 s: the kernel log "
          "may be incomplete");
    if (ds.epipe > 0)
      report.warnings.push_back("/dev/kmsg reader fell behind " + std::to_string(ds.epipe) +
                                " time(s): " + std::to_string(ds.seq_gap) +
                                " kernel log records were overwritten before they were read");

    if (loop_status != 0) {
      std::string err = read_text_file(raw / "loop-stderr.log", 4096);
      if (!fs::exists(raw / "user.log") || fs::file_size(raw / "user.log") == 0)
        throw std::runtime_error("the loop failed (exit " + std::to_string(loop_status) +
                                 "): " + (err.empty() ? "no message" : err));
      report.warnings.push_back("the loop exited with status " + std::to_string(loop_status) +
                                ": " + err);
    }
    if (o.mode == "buffer") {
      fs::path dump =
          probe == "module" ? fs::path(IOPROBE_MODULE_DEVICE) : fs::path(IOPROBE_PATCH_DUMP_FILE);
      copy_stream_file(dump, raw / "kernel-dump.log");
      report.kernel_logs.push_back(raw / "kernel-dump.log");
    } else {
      report.kernel_logs.push_back(raw / "kmsg.log");
    }
    if (module) {
      module->unload();
      // Evidence for the record (and the tests) that the probe is gone again.
      copy_stream_file("/proc/modules", raw / "modules-after.txt");
    }
  }
  write_text_file(raw / "kmsg-drain.txt", "epipe=" + std::to_string(report.kmsg_epipe) +
                                              "\nseq_gap=" + std::to_string(report.kmsg_seq_gap) +
                                              "\n");
  std::string warning_lines;
  for (const auto& w : report.warnings) warning_lines += w + "\n";
  write_text_file(raw / "run-warnings.txt", warning_lines);
  report.user_logs.push_back(raw / "user.log");
  report.environment = probe_environment("/", loop_cpu, history);
  report.environment.accel = o.guest_accel;
  write_text_file(raw / "environment.txt", environment_to_kv(report.environment));
  report.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return write_report(report);
}

}  // namespace iprobe
