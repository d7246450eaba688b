// Interposition benchmark: from the processes' outputs to each mechanism's figures, and the
// overhead of every mechanism over raw.
#include <algorithm>

#include "benchmarks/interpose/interpose_results.hpp"

namespace iprobe {
namespace {

// Median across the runs of each run's p50 and p99; extremes and sums over the runs.
PerCallStats per_call_stats(const std::map<uint32_t, RunExtras>& extras) {
  PerCallStats s;
  std::vector<double> p50s;
  std::vector<double> p99s;
  bool first = true;
  for (const auto& [run, e] : extras) {
    const PercallLine& p = e.percall;
    s.calls += p.calls;
    s.negative += p.negative;
    s.min = first ? p.min : std::min(s.min, p.min);
    s.max = first ? p.max : std::max(s.max, p.max);
    first = false;
    p50s.push_back(static_cast<double>(p.p50));
    p99s.push_back(static_cast<double>(p.p99));
  }
  s.p50 = median(p50s);
  s.p99 = median(p99s);
  return s;
}

// The call's series from its processes; skipped runs are not part of it.
CallSeries call_series(const std::string& mechanism, const std::string& binary,
                       const std::string& call, const std::vector<InterposeRun>& runs,
                       double outlier_factor, std::vector<std::string>& warnings) {
  CallSeries c;
  c.call = call;
  std::vector<LoopRun> passes;
  for (const InterposeRun& r : runs) {
    if (r.skipped) continue;
    passes.push_back(r.pass);
    if (!r.pass.usable()) continue;
    c.extras[r.pass.run] = RunExtras{*r.percall, *r.hook};
    c.hooked += r.hook->hooked;
    c.calls += r.hook->calls;
    if (!c.nr) {
      c.nr = r.hook->nr;
      if (call == "ioctl") c.command = r.pass.header->cmd;
      c.result = r.hook->result;
      c.expected = r.hook->expected;
    }
  }
  c.pass = aggregate_loop_runs(interpose_series_name(mechanism, call), binary, std::move(passes),
                               outlier_factor, warnings, "interposition");
  if (!c.extras.empty()) c.per_call = per_call_stats(c.extras);
  return c;
}

// The median and the smallest of the usable runs' floor-subtracted cycles per call.
std::optional<std::pair<double, double>> floor_subtracted(const LoopSeries& s) {
  std::vector<double> values;
  for (const LoopRun& r : s.runs)
    if (const std::optional<double> v = floor_subtracted_cycles_per_call(r)) values.push_back(*v);
  if (values.empty()) return std::nullopt;
  return std::make_pair(median(values), *std::min_element(values.begin(), values.end()));
}

const CallSeries* find_call(const MechanismResult& m, const std::string& call) {
  for (const CallSeries& c : m.calls)
    if (c.call == call) return &c;
  return nullptr;
}

}  // namespace

MechanismResult aggregate_mechanism(const std::string& name, const std::string& binary,
                                    const std::vector<std::string>& calls,
                                    std::vector<std::vector<InterposeRun>> runs,
                                    double outlier_factor, std::vector<std::string>& warnings) {
  MechanismResult m;
  m.name = name;
  m.binary = binary;
  bool measured = false;
  for (std::size_t c = 0; c < calls.size(); ++c) {
    for (const InterposeRun& r : runs[c]) {
      if (r.skipped && !m.skipped) m.skipped = r.skipped;
      measured = measured || !r.skipped;
      if (!r.pass.usable() || !r.hook) continue;
      if (m.helper.empty()) m.helper = r.hook->helper;
      const int cpu = r.hook->helper_cpu;
      if (cpu >= 0 &&
          std::find(m.helper_cpus.begin(), m.helper_cpus.end(), cpu) == m.helper_cpus.end())
        m.helper_cpus.push_back(cpu);
    }
  }
  std::sort(m.helper_cpus.begin(), m.helper_cpus.end());
  if (m.helper_cpus.size() > 1)
    warnings.push_back("mechanism " + name + ": its " + m.helper +
                       " did not run on one CPU in every run");
  if (m.skipped && measured)
    warnings.push_back("mechanism " + name + " was refused by the kernel after measured runs (" +
                       *m.skipped + ")");
  if (!measured) return m;
  for (std::size_t c = 0; c < calls.size(); ++c)
    m.calls.push_back(call_series(name, binary, calls[c], runs[c], outlier_factor, warnings));
  return m;
}

void InterposeResults::finish() {
  const MechanismResult* raw = nullptr;
  std::vector<const LoopSeries*> all;
  for (const MechanismResult& m : mechanisms) {
    if (m.name == "raw") raw = &m;
    for (const CallSeries& c : m.calls) all.push_back(&c.pass);
  }
  tsc_floor = combined_floor(all);
  for (MechanismResult& m : mechanisms) {
    for (CallSeries& c : m.calls) {
      c.overhead_vs_raw.reset();
      const CallSeries* base = raw ? find_call(*raw, c.call) : nullptr;
      if (!base) continue;
      const auto mine = floor_subtracted(c.pass);
      const auto theirs = floor_subtracted(base->pass);
      if (!mine || !theirs) continue;
      Overhead o;
      o.mechanism = mine->first;
      o.raw = theirs->first;
      o.cycles = o.mechanism - o.raw;
      if (o.raw > 0) o.ratio = o.mechanism / o.raw;
      o.min_cycles = mine->second - theirs->second;
      if (c.per_call && base->per_call)
        o.per_call_p50_cycles = c.per_call->p50 - base->per_call->p50;
      c.overhead_vs_raw = o;
    }
  }
}

}  // namespace iprobe
