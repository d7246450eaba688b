#include "report/report_output.hpp"

#include "logs/stamp_line.hpp"
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
  for (const Probe source : result.probes) summary.probes.emplace_back(name(source));
  summary.anatomy = anatomy_stats(result.pairs);
  for (const ExtraProbe& probe : result.extra_probes) {
    const CrossCheckGaps gaps = cross_check_gaps(result.pairs, probe);
    summary.cross_check.push_back(CrossCheckSummary{
        std::string(name(probe.source)), probe.counts.paired, probe.counts.lost,
        probe.counts.missing, probe.counts.order_violations, gaps.enter_gap, gaps.exit_gap});
  }
  return summary;
}

}  // namespace iprobe
