#include "benchmarks/loop_runs/loop_guest.hpp"

#include "logs/stamp_line.hpp"
#include "util/run_id.hpp"

namespace iprobe {

std::string loop_guest_arguments(const RunOptions& o, int guest_cpu) {
  return " --iterations " + std::to_string(o.iterations) + " --warmup " + std::to_string(o.warmup) +
         " --runs " + std::to_string(o.runs) + " --outlier-factor " +
         std::to_string(o.outlier_factor) + " --run-id " +
         run_hex(o.run_id ? *o.run_id : random_run_id()) + " --cpu " + std::to_string(guest_cpu);
}

}  // namespace iprobe
