// The round-trip benchmark under --scenario linux-qemu: the host decides which variants exist
// and ships them in the initramfs; the guest's collector runs them (--scenario linux) and only
// captures; the host reads the raw outputs back and derives every figure.
#include <chrono>

#include "benchmarks/loop_runs/loop_guest.hpp"
#include "benchmarks/roundtrip/roundtrip_capture.hpp"
#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "benchmarks/roundtrip/roundtrip_runner.hpp"
#include "benchmarks/roundtrip/roundtrip_runners.hpp"
#include "scenarios/qemu/guest_layout.hpp"
#include "scenarios/qemu/qemu_guest.hpp"

namespace fs = std::filesystem;

namespace iprobe {

std::unique_ptr<Capture> capture_roundtrip_qemu(const RunOptions& o) {
  // The host decides which variants exist; the guest runs exactly those from /bin/.
  const LoopPrograms programs = find_variant_programs(o);
  const fs::path raw = o.output_dir / "raw";
  const int guest_cpu = o.cpu >= 0 ? o.cpu : 1;
  auto t0 = std::chrono::steady_clock::now();

  std::vector<InitramfsFile> files;
  std::string names;
  for (const auto& [variant, program] : programs.present) {
    files.push_back(
        {std::string(kGuestVariantDir) + "/" + roundtrip_binary_name(variant), program, 0755});
    names += (names.empty() ? "" : ",") + variant;
  }
  std::string guest_args = "--benchmark roundtrip --scenario linux --variant " + names +
                           loop_guest_arguments(o, guest_cpu);
  if (o.subtract_floor) guest_args += " --subtract-floor";
  const uint64_t processes = uint64_t{o.runs} * programs.present.size();
  const uint64_t calls = (o.iterations + o.warmup) * processes;
  GuestSizing sizing;  // the raw loop outputs are a few lines each
  if (o.memory_mb > 0) sizing.memory_mb = o.memory_mb;
  sizing.timeout = std::chrono::seconds(o.timeout_seconds > 0
                                            ? o.timeout_seconds
                                            : 300 + static_cast<int>(calls / 1000 + processes * 2));
  const Accel accel = run_guest(o, files, guest_args, sizing);

  auto capture = std::make_unique<RoundtripCapture>(RoundtripCapture::read_record(raw));
  capture->adopt_guest_capture(ScenarioId::kLinuxQemu, programs, accel, t0);
  return capture;
}

}  // namespace iprobe
