// The interposition benchmark under --scenario linux-qemu: the host decides which mechanisms'
// programs exist and ships them in the initramfs; the guest's collector runs them (--scenario
// linux) on the guest kernel, where a mechanism it lacks is skipped, and only captures; the host
// reads the raw outputs back and derives every figure.
#include <chrono>
#include <set>

#include "benchmarks/interpose/interpose_capture.hpp"
#include "benchmarks/interpose/interpose_runner.hpp"
#include "benchmarks/interpose/interpose_runners.hpp"
#include "scenarios/qemu/guest_layout.hpp"
#include "scenarios/qemu/qemu_guest.hpp"
#include "util/run_id.hpp"

namespace fs = std::filesystem;

namespace iprobe {

std::unique_ptr<Capture> capture_interpose_qemu(const RunOptions& o) {
  const LoopPrograms programs = find_mechanism_programs(o);
  const fs::path raw = o.output_dir / "raw";
  const auto t0 = std::chrono::steady_clock::now();

  // The guest runs exactly the mechanisms whose programs are here, from its own folder.
  RunOptions guest = guest_run_options(o, o.run_id ? *o.run_id : random_run_id());
  guest.variant_dir = kGuestVariantDir;
  guest.mechanisms.clear();
  guest.mechanisms_explicit = true;
  std::vector<InitramfsFile> files;
  std::set<std::string> shipped;  // interpose-loop serves several mechanisms
  for (const auto& [mechanism, program] : programs.present) {
    guest.mechanisms.push_back(mechanism);
    const std::string file = program.filename().string();
    if (shipped.insert(file).second)
      files.push_back({std::string(kGuestVariantDir) + "/" + file, program, 0755});
  }

  const uint64_t processes = uint64_t{o.runs} * guest.mechanisms.size() * o.interpose_calls.size();
  // Each process makes the total and the per-call pass: twice the calls and warm-ups.
  const uint64_t calls = 2 * (o.iterations + o.warmup) * processes;
  GuestSizing sizing;  // the raw loop outputs are a few lines each
  if (o.memory_mb > 0) sizing.memory_mb = o.memory_mb;
  // Under TCG a traced call costs ~1 ms: allow for the slowest mechanisms.
  sizing.timeout = std::chrono::seconds(o.timeout_seconds > 0
                                            ? o.timeout_seconds
                                            : 300 + static_cast<int>(calls / 200 + processes * 2));
  const Accel accel = run_guest(o, guest, std::move(files), sizing);

  auto capture = std::make_unique<InterposeCapture>(InterposeCapture::read_record(raw));
  capture->adopt_guest_capture(ScenarioId::kLinuxQemu, programs, accel, t0);
  return capture;
}

}  // namespace iprobe
