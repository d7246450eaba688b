#include "benchmarks/entry/tracepoint_cost.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <optional>
#include <stdexcept>

#include "logs/log_reader.hpp"
#include "logs/stamp_line.hpp"
#include "pair/statistics.hpp"
#include "util/text_format.hpp"

namespace fs = std::filesystem;

namespace iprobe {

LoopRoundTrip loop_round_trip(const fs::path& log) {
  std::ifstream in(log, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + log.string());
  LineReader reader(in);
  std::optional<uint32_t> run;
  std::vector<int64_t> cycles;
  while (const std::optional<Line> line = reader.next()) {
    const ParsedLine parsed = parse_line(line->text);
    if (const auto* header = std::get_if<RunHeader>(&parsed); header && !run) run = header->run;
    const auto* stamp = std::get_if<UserStamp>(&parsed);
    if (stamp == nullptr || !stamp->tsc_after || (run && stamp->run != *run)) continue;
    // A negative round trip (the TSC went backwards) is kept, as every delta is.
    cycles.push_back(static_cast<int64_t>(*stamp->tsc_after - stamp->tsc));
  }
  if (cycles.empty())
    throw std::runtime_error(log.string() + " holds no stamp with its after-stamp (format 2)");
  return LoopRoundTrip{log.filename().string(), compute_latency_stats(cycles)};
}

TracepointCost tracepoint_cost(const fs::path& traced, const fs::path& untraced_before,
                               const fs::path& untraced_after, int cpu,
                               std::vector<std::string>& warnings) {
  TracepointCost cost;
  cost.cpu = cpu;
  cost.with_events = loop_round_trip(traced);
  cost.without_before = loop_round_trip(untraced_before);
  cost.without_after = loop_round_trip(untraced_after);
  const auto before = static_cast<double>(cost.without_before.cycles.p50);
  const auto after = static_cast<double>(cost.without_after.cycles.p50);
  constexpr double kDriftLimit = 0.10;
  if (std::abs(after - before) > kDriftLimit * std::min(before, after))
    warnings.push_back("tracepoint_cost is uncertain: the round trip without the events was " +
                       fixed(before, 0) + " cycles at p50 before the traced run and " +
                       fixed(after, 0) + " after it (the machine's load changed meanwhile)");
  return cost;
}

}  // namespace iprobe
