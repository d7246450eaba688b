// The interposition benchmark under --scenario linux-qemu: the host decides which mechanisms'
// programs exist and ships them in the initramfs; the guest's collector runs them (--scenario
// linux) on the guest kernel, where a mechanism it lacks is skipped, and only captures; the host
// reads the raw outputs back and derives every figure.
#include <chrono>
#include <set>

#include "benchmarks/interpose/interpose_capture.hpp"
#include "benchmarks/interpose/interpose_runner.hpp"
#include "benchmarks/interpose/interpose_runners.hpp"
#include "benchmarks/loop_runs/loop_guest.hpp"
#include "scenarios/qemu/guest_layout.hpp"
#include "scenarios/qemu/qemu_guest.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

std::string guest_arguments(const RunOptions& o, const std::vector<std::string>& mechanisms,
                            int guest_cpu) {
  std::string args = "--benchmark interpose --scenario linux --mechanism " + joined(mechanisms) +
                     " --call " + joined(o.interpose_calls) + loop_guest_arguments(o, guest_cpu);
  if (o.supervisor_cpu >= 0) args += " --supervisor-cpu " + std::to_string(o.supervisor_cpu);
  if (o.floor_samples > 0) args += " --floor-samples " + std::to_string(o.floor_samples);
  return args;
}

}  // namespace

std::unique_ptr<Capture> capture_interpose_qemu(const RunOptions& o) {
  const LoopPrograms programs = find_mechanism_programs(o);
  const fs::path raw = o.output_dir / "raw";
  const int guest_cpu = o.cpu >= 0 ? o.cpu : 1;
  const auto t0 = std::chrono::steady_clock::now();

  std::vector<InitramfsFile> files;
  std::set<std::string> shipped;  // interpose-loop serves several mechanisms
  std::vector<std::string> mechanisms;
  for (const auto& [mechanism, program] : programs.present) {
    mechanisms.push_back(mechanism);
    const std::string file = program.filename().string();
    if (shipped.insert(file).second)
      files.push_back({std::string(kGuestVariantDir) + "/" + file, program, 0755});
  }

  const uint64_t processes = uint64_t{o.runs} * mechanisms.size() * o.interpose_calls.size();
  // Each process makes the total and the per-call pass: twice the calls and warm-ups.
  const uint64_t calls = 2 * (o.iterations + o.warmup) * processes;
  GuestSizing sizing;  // the raw loop outputs are a few lines each
  if (o.memory_mb > 0) sizing.memory_mb = o.memory_mb;
  // Under TCG a traced call costs ~1 ms: allow for the slowest mechanisms.
  sizing.timeout = std::chrono::seconds(o.timeout_seconds > 0
                                            ? o.timeout_seconds
                                            : 300 + static_cast<int>(calls / 200 + processes * 2));
  const Accel accel = run_guest(o, files, guest_arguments(o, mechanisms, guest_cpu), sizing);

  auto capture = std::make_unique<InterposeCapture>(InterposeCapture::read_record(raw));
  capture->adopt_guest_capture(ScenarioId::kLinuxQemu, programs, accel, t0);
  return capture;
}

}  // namespace iprobe
