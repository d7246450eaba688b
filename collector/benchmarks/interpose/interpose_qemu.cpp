// The interposition benchmark under --scenario linux-qemu: the host decides which mechanisms'
// programs exist and ships them in the initramfs; the guest's collector runs them (--scenario
// linux) on the guest kernel, where a mechanism it lacks is skipped, and only captures; the host
// reads the raw outputs back and derives every figure.
#include <chrono>

#include "benchmarks/interpose/interpose_capture.hpp"
#include "benchmarks/interpose/interpose_runner.hpp"
#include "benchmarks/interpose/interpose_runners.hpp"
#include "benchmarks/loop_runs/loop_runs_guest.hpp"
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
  ShippedPrograms shipped = ship_loop_programs(programs);
  guest.mechanisms = shipped.series;
  guest.mechanisms_explicit = true;

  const uint64_t processes = uint64_t{o.runs} * guest.mechanisms.size() * o.interpose_calls.size();
  // Each process makes the total and the per-call pass: twice the calls and warm-ups. Under
  // TCG a traced call costs ~1 ms: allow for the slowest mechanisms.
  const uint64_t calls = 2 * (o.iterations + o.warmup) * processes;
  const GuestSizing sizing = loop_runs_guest_sizing(o, processes, calls, 200);
  const GuestRun booted = run_guest(o, guest, std::move(shipped.files), sizing);

  auto capture = std::make_unique<InterposeCapture>(InterposeCapture::read_record(raw));
  capture->adopt_guest_capture(ScenarioId::kLinuxQemu, programs, booted, t0);
  return capture;
}

}  // namespace iprobe
