// The entry-latency benchmark under --scenario hermitux: the loop as a HermiTux application under
// uhyve (KVM), the kernel side stamped by kernel/hermitux-ioctl-probe's patch; --replay
// re-analyses the raw/ folder of an earlier run (its run.json holds the guest run).
#include <ioctl_probe/ioctl_probe.h>

#include <chrono>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "benchmarks/entry/entry_capture.hpp"
#include "benchmarks/entry/entry_runners.hpp"
#include "benchmarks/loop_argv.hpp"
#include "env/environment.hpp"
#include "logs/stamp_line.hpp"
#include "results/json_file.hpp"
#include "scenarios/hermitux/hermitux_guest.hpp"
#include "scenarios/hermitux/hermitux_klog_budget.hpp"
#include "scenarios/hermitux/hermitux_output.hpp"
#include "scenarios/hermitux/hermitux_rewrite.hpp"
#include "util/cpu_affinity.hpp"
#include "util/file_util.hpp"
#include "util/run_id.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

// TSC values in each of the probe's stamp lines (k_enter and k_exit: stamp format 2).
constexpr int kKernelTscPerLine = 2;
// What SET_MODE allocates when not told (IOPROBE_HX_DEFAULT_ENTRIES in the patch).
constexpr uint64_t kProbeDefaultEntries = 1u << 18;

// The entry-latency loop each --entry-variant runs (all in build/bin).
std::string entry_loop_program(const std::string& variant) {
  if (variant == "freestanding") return "entry-loop-freestanding";
  if (variant == "libc-musl") return "entry-loop-musl";
  return "entry-loop";
}

// vCPU -> host CPUs as the guest run keeps it.
nlohmann::ordered_json vcpu_record(const std::vector<VcpuPlacement>& plan) {
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  for (const auto& [vcpu, cpus] : placement_record(plan)) json[vcpu] = cpus;
  return json;
}

// The guest run, the "guest" member of raw/run.json: what the analysis needs to know about it,
// so that --replay can redo it.
using RunRecord = nlohmann::ordered_json;

int int_field(const RunRecord& r, const std::string& key, int fallback) {
  const auto it = r.find(key);
  if (it == r.end()) return fallback;
  if (!it->is_number_integer())
    throw std::runtime_error("run.json: guest." + key + "=" + it->dump() + " is not a number");
  return it->get<int>();
}

std::string field(const RunRecord& r, const std::string& key) {
  const auto it = r.find(key);
  if (it == r.end()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

bool has_kernel_stamp(std::string_view text) { return text.find("ioprobe k ") != text.npos; }

// The vCPUs' host CPUs into the environment, and what went wrong with them into the warnings.
void add_vcpu_placement(const RunRecord& record, EntryCapture& report) {
  const auto it = record.find("vcpu_host_cpus");
  if (it == record.end() || !it->is_object()) return;
  std::string loop_cpus;
  for (const auto& [vcpu, cpus] : it->items()) {
    const std::string list = cpus.is_string() ? cpus.get<std::string>() : cpus.dump();
    report.environment.vcpu_host_cpus.emplace_back(vcpu, list);
    if (vcpu == "0")
      loop_cpus = list;
    else if (list == loop_cpus)
      report.warnings.push_back("HermiTux vCPU " + vcpu + " shares host CPU " + list +
                                " with the loop's vCPU 0: there is no other CPU to give it");
  }
  const int others = static_cast<int>(it->size()) - 1;
  const int pinned = int_field(record, "vcpu_threads_pinned", others);
  if (others > 0 && pinned < others)
    report.warnings.push_back("only " + std::to_string(pinned) + " of " + std::to_string(others) +
                              " uhyve vCPU threads were moved off the loop's host CPU");
}

// Everything after the guest has run: the same for a live run and for --replay.
// The guest's mode as its run records it.
Mode recorded_mode(const RunRecord& record) {
  const std::string mode = field(record, "mode");
  if (const std::optional<Mode> value = value_in(kModeNames, mode)) return *value;
  throw std::runtime_error("run.json: guest.mode '" + mode +
                           "' is neither printk nor buffer; rerun the guest");
}

// `recorded`: the guest run and the environment of the machine it ran on (a replay keeps it).
EntryCapture analyse_entry_run(const fs::path& raw, const EntryCapture& recorded,
                               double wall_seconds) {
  const RunRecord& record = recorded.guest;
  const std::string out = read_text_file(raw / "guest-stdout.log");
  const std::string err = read_text_file(raw / "guest-stderr.log");
  GuestOutcome outcome;
  outcome.exit_code = int_field(record, "exit_code", -1);
  outcome.timed_out = record.value("timed_out", false);
  outcome.timeout_seconds = int_field(record, "timeout_seconds", 0);
  if (auto problem = diagnose_hermitux_run(outcome, out, err)) throw std::runtime_error(*problem);

  EntryCapture report;
  report.guest = record;
  report.scenario =
      field(record, "scenario").empty() ? name(ScenarioId::kHermitux) : field(record, "scenario");
  report.probes = {Probe::kHermitux};
  report.mode = recorded_mode(record);
  report.loop = field(record, "loop");
  if (const std::string id = field(record, "run_id"); !id.empty())
    report.run_id = static_cast<uint32_t>(std::stoul(id, nullptr, 16));

  const SplitStdout split = split_guest_stdout(out);
  write_text_file(raw / "user.log", split.user);
  const UhyveKernelLog klog = extract_uhyve_kernel_log(err);
  if (klog.found) write_text_file(raw / "kernel-log.txt", klog.text);
  if (report.mode == Mode::kBuffer) {
    if (split.kernel_lines == 0)
      throw std::runtime_error(
          "no stamp from the HermiTux probe at all: the loop finished but the kernel wrote no "
          "dump to stdout (is the kernel image the patched one? last stderr: " +
          output_tail(err, 2) + ")");
    write_text_file(raw / "kernel-dump.log", split.kernel);
    report.kernel_logs.push_back(raw / "kernel-dump.log");
    report.kernel_format = LogFormat::kDump;
  } else {
    if (!klog.found)
      throw std::runtime_error(
          "uhyve printed no kernel log on stderr (\"Dump kernel log:\"), so printk-mode stamps "
          "cannot be read: is HERMIT_VERBOSE honoured by this proxy? Use --mode buffer");
    if (!has_kernel_stamp(klog.text) && !klog.wrapped)
      throw std::runtime_error(
          "no stamp from the HermiTux probe at all in the kernel log: is the kernel image the "
          "patched one (kernel/hermitux-ioctl-probe)?");
    report.kernel_logs.push_back(raw / "kernel-log.txt");
    report.kernel_format = LogFormat::kUhyve;
  }
  if (klog.wrapped)
    report.warnings.push_back(
        "HermiTux's kernel log ring (16 KiB) wrapped: its oldest messages were overwritten" +
        std::string(klog.dropped_partial_lines ? " and its cut last line was dropped" : "") +
        (report.mode == Mode::kPrintk ? "; use --mode buffer for runs that do not fit" : ""));
  report.extra.emplace_back("hermitux_kernel", field(record, "kernel"));
  if (const std::string how = field(record, "rewrite"); !how.empty())
    report.extra.emplace_back("rewrite", how);
  report.extra.emplace_back("hermitux_proxy", field(record, "proxy"));
  report.extra.emplace_back("hermitux_memory", field(record, "memory"));
  report.extra.emplace_back("guest_exit_code", std::to_string(outcome.exit_code));
  report.extra.emplace_back("klog_wrapped", klog.wrapped ? "1" : "0");
  report.extra.emplace_back("klog_cut_lines", std::to_string(klog.dropped_partial_lines));
  report.user_logs.push_back(raw / "user.log");
  report.environment = recorded.environment;
  report.environment.vcpu_host_cpus.clear();
  add_vcpu_placement(record, report);
  if (wall_seconds > 0) report.wall_seconds = wall_seconds;
  return report;
}

// --replay: the raw/ folder of an earlier run, copied next to the new results and re-analysed
// with the environment its run recorded.
EntryCapture replay_entry_run(const fs::path& replay_dir, const fs::path& raw) {
  for (const char* name : {kRunRecordFile, "guest-stdout.log", "guest-stderr.log"}) {
    std::error_code ec;
    if (!fs::is_regular_file(replay_dir / name, ec))
      throw std::runtime_error((replay_dir / name).string() +
                               " is missing: --replay needs the raw/ folder of a hermitux run");
    if (!fs::equivalent(replay_dir / name, raw / name, ec))
      fs::copy_file(replay_dir / name, raw / name, fs::copy_options::overwrite_existing);
  }
  const EntryCapture recorded = EntryCapture::read_record(raw);
  if (!recorded.guest.is_object())
    throw std::runtime_error((replay_dir / kRunRecordFile).string() +
                             " records no HermiTux guest run: --replay needs the raw/ folder of "
                             "a --scenario hermitux run");
  return analyse_entry_run(raw, recorded, 0);
}

// printk mode: refuse a run whose stamps would not all fit in HermiTux's kernel log.
void check_printk_fits(const RunOptions& o) {
  if (o.mode != Mode::kPrintk) return;
  const KlogBudget budget{o.hermitux_cpus, tsc_digits_for_run(), kKernelTscPerLine};
  const uint64_t most = klog_max_stamps(budget);
  if (o.iterations <= most) return;
  throw std::runtime_error(
      "--iterations " + std::to_string(o.iterations) +
      " does not fit in printk mode: HermiTux's 16 KiB kernel log holds at most " +
      std::to_string(most) + " stamps next to its boot messages (" +
      std::to_string(o.hermitux_cpus) + " vCPU" + (o.hermitux_cpus > 1 ? "s" : "") +
      "); pass --iterations " + std::to_string(most) + " or fewer, or use --mode buffer");
}

// The entry loop's arguments: the freestanding loop sizes the probe's buffer itself.
std::vector<std::string> entry_loop_args(const RunOptions& o, uint32_t run, bool freestanding) {
  const int guest_cpu = o.cpu >= 0 ? o.cpu : 0;
  std::vector<std::string> own{"--mode", name(o.mode)};
  if (freestanding)
    own.insert(own.end(), {"--entries", std::to_string(o.iterations + o.warmup)});
  else
    own.insert(own.end(), {"--probe", "hermitux"});
  return loop_argv(o, {guest_cpu, run, std::move(own)});
}

// What one guest run was: the options it ran with, where, and how it ended.
struct GuestRunFacts {
  std::string loop_name;
  std::string rewrite_how;
  uint32_t run = 0;
  HermituxInstall install;
  HermituxGuestSettings settings;
  GuestOutcome outcome;
  double wall_seconds = 0;
};

// The capture as known before the analysis: this machine's environment and the guest run.
EntryCapture guest_run_record(const RunOptions& o, const GuestRunFacts& f) {
  EntryCapture recorded;
  recorded.scenario = hermitux_results_scenario(o);
  recorded.probes = {Probe::kHermitux};
  recorded.mode = o.mode;
  recorded.loop = f.loop_name;
  recorded.run_id = f.run;
  recorded.environment = probe_environment("/", f.settings.host_cpu);
  recorded.environment.accel = "kvm (uhyve)";
  recorded.guest = RunRecord{{"exit_code", f.outcome.exit_code},
                             {"timed_out", f.outcome.timed_out},
                             {"timeout_seconds", f.outcome.timeout_seconds},
                             {"wall_seconds", f.wall_seconds},
                             {"mode", name(o.mode)},
                             {"loop", f.loop_name},
                             {"scenario", hermitux_results_scenario(o)},
                             {"rewrite", f.rewrite_how},
                             {"run_id", run_hex(f.run)},
                             {"iterations", o.iterations},
                             {"warmup", o.warmup},
                             {"proxy", f.install.proxy.string()},
                             {"kernel", f.install.kernel.string()},
                             {"memory", f.settings.memory},
                             {"cpus", f.settings.cpus},
                             {"host_cpu", f.settings.host_cpu},
                             {"vcpu_host_cpus", vcpu_record(f.settings.vcpus)},
                             {"vcpu_threads_pinned", f.outcome.vcpu_threads_pinned}};
  return recorded;
}

}  // namespace

std::unique_ptr<Capture> capture_entry_hermitux(const RunOptions& o) {
  if (o.replay_dir.empty()) check_printk_fits(o);
  const fs::path raw = o.output_dir / "raw";
  fs::create_directories(raw);
  if (!o.replay_dir.empty())
    return std::make_unique<EntryCapture>(replay_entry_run(o.replay_dir, raw));

  const HermituxInstall install = find_hermitux(o);
  check_kvm_usable(o.kvm_device);
  const bool freestanding = o.entry_variant == "freestanding";
  const std::string loop_name = entry_loop_program(o.entry_variant);
  fs::path loop = find_sibling_program(loop_name, o.loop_path);
  std::string rewrite_how;
  if (o.rewrite) {
    const RewrittenProgram rewritten = rewrite_for_hermitux(
        find_sibling_program("syscall-rewriter", {}), loop, install.kernel, raw / "rewritten");
    loop = rewritten.program;
    rewrite_how = rewritten.how;
    if (!o.quiet) std::cerr << "collector: " << loop.string() << ": " << rewrite_how << "\n";
  }
  const uint32_t run = o.run_id ? *o.run_id : random_run_id();
  const uint64_t calls = o.iterations + o.warmup;
  if (o.mode == Mode::kBuffer && calls > IOPROBE_BUFFER_MAX_ENTRIES)
    throw std::runtime_error("--iterations + --warmup must not exceed " +
                             std::to_string(IOPROBE_BUFFER_MAX_ENTRIES) + " in buffer mode");
  const std::vector<std::string> args = entry_loop_args(o, run, freestanding);
  const HermituxGuestSettings settings = hermitux_guest_settings(o, calls);
  if (!o.quiet) {
    std::cerr << "collector: run " << run_hex(run) << ": " << o.iterations << " ioctl calls (+"
              << o.warmup << " warm-up) in HermiTux (" << loop_name << ", mode " << name(o.mode)
              << ", " << settings.memory << ", host CPU " << settings.host_cpu << ", timeout "
              << settings.timeout_seconds << " s)\n";
    if (!freestanding && o.mode == Mode::kBuffer && calls > kProbeDefaultEntries)
      std::cerr << "collector: note: " << loop_name << " asks for the probe's default buffer ("
                << kProbeDefaultEntries << " entries); later stamps will be counted as lost\n";
  }
  const auto t0 = std::chrono::steady_clock::now();
  const GuestOutcome outcome = run_hermitux_guest(
      install, settings, loop, args, raw / "guest-stdout.log", raw / "guest-stderr.log");
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // Recorded before the analysis: a failed guest leaves its record for --replay too.
  const EntryCapture recorded =
      guest_run_record(o, {loop_name, rewrite_how, run, install, settings, outcome, wall});
  write_json_file(raw / kRunRecordFile, "run record", recorded.record_json());
  if (!o.quiet) std::cerr << "collector: guest finished in " << wall << " s\n";
  return std::make_unique<EntryCapture>(analyse_entry_run(raw, recorded, wall));
}

}  // namespace iprobe
