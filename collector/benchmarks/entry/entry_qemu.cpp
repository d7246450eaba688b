// The entry-latency benchmark under --scenario linux-qemu: the guest's collector runs
// --scenario linux with the probe and only captures; its raw/run.json comes back with the logs.
#include <chrono>

#include "benchmarks/entry/entry_capture.hpp"
#include "benchmarks/entry/entry_runners.hpp"
#include "scenarios/qemu/guest_layout.hpp"
#include "scenarios/qemu/qemu_guest.hpp"
#include "util/file_util.hpp"
#include "util/run_id.hpp"

namespace fs = std::filesystem;

namespace iprobe {

std::unique_ptr<Capture> capture_entry_qemu(const RunOptions& o) {
  // Default: the patch, which the guest kernel carries.
  const std::vector<Probe> probes = o.probes.empty() ? std::vector{Probe::kPatch} : o.probes;
  const Probe probe = loop_probe(probes);  // the one that needs the kernel
  const bool tracepoint = uses_tracepoint(probes);
  fs::path module;
  if (probe == Probe::kModule || o.module_path.empty()) {
    fs::path fallback = build_dir() / "guest" / "ioctl_probe.ko";
    if (probe == Probe::kModule)
      module = require_file(o.module_path, fallback, "guest probe module",
                            "build it with `make -f Makefile.kernel guest` (or pass --module)");
    else if (fs::exists(fallback))
      module = fallback;
  }
  const fs::path loop = find_sibling_program("entry-loop", o.loop_path);

  const fs::path raw = o.output_dir / "raw";
  const uint64_t calls = o.iterations + o.warmup;
  auto t0 = std::chrono::steady_clock::now();

  // The guest runs the same options with the probes spelled out and its own paths.
  RunOptions guest = guest_run_options(o, o.run_id ? *o.run_id : random_run_id());
  guest.probes = probes;
  guest.loop_path = std::string(kGuestLoopDir) + "/" + loop.filename().string();
  guest.module_path = module.empty() ? fs::path() : fs::path(kGuestModulePath);
  std::vector<InitramfsFile> files{{guest.loop_path.string(), loop, 0755}};
  if (!module.empty()) files.push_back({kGuestModulePath, module, 0644});
  GuestSizing sizing;
  // Room for the user log, the kernel log or dump (~50 bytes a stamp each) and slack; the
  // tracepoints add their log (~70 bytes a call) and their ring buffer (128 bytes a call).
  sizing.transfer_bytes = (64ull << 20) + calls * (tracepoint ? 384 : 256);
  sizing.memory_mb =
      o.memory_mb > 0
          ? o.memory_mb
          : 1024 + static_cast<int>(calls * (tracepoint ? 528 : 400) / (1024ULL * 1024));
  sizing.timeout = std::chrono::seconds(
      o.timeout_seconds > 0 ? o.timeout_seconds : 300 + static_cast<int>(calls / 1000));
  // The hook is switched on at boot: flipping its static key at run time patches kernel
  // text, which QEMU 7.2's multi-threaded TCG does not survive while another vCPU is inside
  // ioctl (int3 at __x64_sys_ioctl). The guest's collector then only changes entries/mode.
  const std::string kernel_params =
      probe == Probe::kPatch ? "ioctl_probe_hook.mode=" + name(o.mode) : "";
  const Accel accel = run_guest(o, guest, std::move(files), sizing, kernel_params);

  // The guest only captured: its record names the logs; pairing happens once, here.
  auto capture = std::make_unique<EntryCapture>(EntryCapture::read_record(raw));
  capture->scenario = name(ScenarioId::kLinuxQemu);
  // The guest was given the probes: the choice was made here.
  if (o.probes.empty())
    capture->facts.probe_choice =
        ProbeDecision{"default",
                      probes,
                      "the default under linux-qemu: the project's guest kernel carries the "
                      "ioctl_probe hook",
                      {}};
  capture->environment.accel = name(accel);
  capture->warnings = guest_warnings(capture->warnings);
  capture->wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return capture;
}

}  // namespace iprobe
