#include "report/report_output.hpp"

#include "pair/statistics.hpp"

namespace iprobe {

Summary summarize(const PairingResult& result) {
  Summary summary;
  summary.iterations = result.header.iterations;
  summary.run_id = result.run;
  summary.counts = result.counts;
  summary.foreign_runs = result.foreign_runs;
  summary.latency = compute_latency_stats(same_cpu_deltas(result.pairs));
  summary.tsc_floor = result.floor;
  summary.total = result.total;
  summary.warnings = result.warnings;
  return summary;
}

}  // namespace iprobe
