// The round-trip benchmark under --scenario linux-qemu: the host decides which variants exist
// and ships them in the initramfs; the guest's collector runs them (--scenario linux) and only
// captures; the host reads the raw outputs back and derives every figure.
#include <chrono>

#include "benchmarks/roundtrip/roundtrip_capture.hpp"
#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "benchmarks/roundtrip/roundtrip_runner.hpp"
#include "benchmarks/roundtrip/roundtrip_runners.hpp"
#include "scenarios/qemu/guest_layout.hpp"
#include "scenarios/qemu/qemu_guest.hpp"
#include "util/run_id.hpp"

namespace fs = std::filesystem;

namespace iprobe {

std::unique_ptr<Capture> capture_roundtrip_qemu(const RunOptions& o) {
  // The host decides which variants exist; the guest runs exactly those from /bin/.
  const LoopPrograms programs = find_variant_programs(o);
  const fs::path raw = o.output_dir / "raw";
  auto t0 = std::chrono::steady_clock::now();

  // The guest runs exactly the variants present here, from its own folder.
  RunOptions guest = guest_run_options(o, o.run_id ? *o.run_id : random_run_id());
  guest.variant_dir = kGuestVariantDir;
  guest.variants.clear();
  guest.variants_explicit = true;
  std::vector<InitramfsFile> files;
  for (const auto& [variant, program] : programs.present) {
    files.push_back(
        {std::string(kGuestVariantDir) + "/" + roundtrip_binary_name(variant), program, 0755});
    guest.variants.push_back(variant);
  }
  const uint64_t processes = uint64_t{o.runs} * programs.present.size();
  const uint64_t calls = (o.iterations + o.warmup) * processes;
  GuestSizing sizing;  // the raw loop outputs are a few lines each
  if (o.memory_mb > 0) sizing.memory_mb = o.memory_mb;
  sizing.timeout = std::chrono::seconds(o.timeout_seconds > 0
                                            ? o.timeout_seconds
                                            : 300 + static_cast<int>(calls / 1000 + processes * 2));
  const Accel accel = run_guest(o, guest, std::move(files), sizing);

  auto capture = std::make_unique<RoundtripCapture>(RoundtripCapture::read_record(raw));
  capture->adopt_guest_capture(ScenarioId::kLinuxQemu, programs, accel, t0);
  return capture;
}

}  // namespace iprobe
