#include "results/header_table.hpp"

#include "util/text_format.hpp"

namespace iprobe {
namespace {

void print_probe_choice(std::ostream& out, const ProbeDecision& d) {
  out << "probe choice          " << probe_list_name(d.chosen) << " (" << d.requested
      << "): " << d.reason << '\n';
  for (const auto& [probe, why] : d.passed_over)
    out << "  not " << pad(name(probe), 10) << why << '\n';
}

std::string round_trip_text(const LoopRoundTrip& r) {
  return "p50 " + std::to_string(r.cycles.p50) + ", mean " + fixed(r.cycles.mean) +
         " (n=" + std::to_string(r.cycles.n) + ", " + r.log + ")";
}

void print_tracepoint_cost(std::ostream& out, const TracepointCost& c) {
  out << "tracepoint cost       " << fixed(c.p50_cycles()) << " cycles/call at p50, "
      << fixed(c.mean_cycles()) << " mean (round trip with the events on minus off, CPU " << c.cpu
      << ")\n";
  out << "  with events         " << round_trip_text(c.with_events) << '\n';
  out << "  without, before     " << round_trip_text(c.without_before) << '\n';
  out << "  without, after      " << round_trip_text(c.without_after) << '\n';
}

}  // namespace

void print_header_facts(std::ostream& out, const ResultsHeader& header) {
  const RunFacts& facts = header.facts;
  if (facts.probe_choice) print_probe_choice(out, *facts.probe_choice);
  if (header.tracepoint_cost) print_tracepoint_cost(out, *header.tracepoint_cost);
  if (facts.tracefs && !facts.tracefs->note.empty())
    out << "tracefs               " << facts.tracefs->note << '\n';
  if (facts.incomplete) out << "INCOMPLETE: " << *facts.incomplete << '\n';
}

}  // namespace iprobe
