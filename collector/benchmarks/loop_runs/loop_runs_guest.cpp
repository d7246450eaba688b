#include "benchmarks/loop_runs/loop_runs_guest.hpp"

#include <set>

#include "scenarios/qemu/guest_layout.hpp"

namespace iprobe {

ShippedPrograms ship_loop_programs(const LoopPrograms& programs) {
  ShippedPrograms shipped;
  std::set<std::string> files;
  for (const auto& [series, program] : programs.present) {
    shipped.series.push_back(series);
    const std::string file = program.filename().string();
    if (files.insert(file).second)
      shipped.files.push_back({std::string(kGuestVariantDir) + "/" + file, program, 0755});
  }
  return shipped;
}

GuestSizing loop_runs_guest_sizing(const RunOptions& o, uint64_t processes, uint64_t calls,
                                   uint64_t calls_per_second) {
  GuestSizing sizing;
  if (o.memory_mb > 0) sizing.memory_mb = o.memory_mb;
  sizing.timeout = std::chrono::seconds(
      o.timeout_seconds > 0 ? o.timeout_seconds
                            : 300 + static_cast<int>(calls / calls_per_second + processes * 2));
  return sizing;
}

}  // namespace iprobe
