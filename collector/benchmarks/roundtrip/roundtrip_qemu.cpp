// The round-trip benchmark under --scenario linux-qemu: the host decides which variants exist
// and ships them in the initramfs; the guest's collector runs them (--scenario linux) and only
// captures; the host reads the raw outputs back and derives every figure.
#include <chrono>

#include "benchmarks/loop_runs/loop_runs_guest.hpp"
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
  ShippedPrograms shipped = ship_loop_programs(programs);
  guest.variants = shipped.series;
  guest.variants_explicit = true;
  const uint64_t processes = uint64_t{o.runs} * programs.present.size();
  const uint64_t calls = (o.iterations + o.warmup) * processes;
  const GuestSizing sizing = loop_runs_guest_sizing(o, processes, calls, 1000);
  const GuestRun booted = run_guest(o, guest, std::move(shipped.files), sizing);

  auto capture = std::make_unique<RoundtripCapture>(RoundtripCapture::read_record(raw));
  capture->adopt_guest_capture(ScenarioId::kLinuxQemu, programs, booted, t0);
  return capture;
}

}  // namespace iprobe
