// The table printed after an interposition run (and again by collector report): one row per
// mechanism and call, in the order they ran, with the overhead over raw.
#include <ostream>

#include "benchmarks/interpose/interpose_results.hpp"
#include "results/table_lines.hpp"
#include "util/text_format.hpp"

namespace iprobe {
namespace {

std::string right(const std::string& text, std::size_t width) {
  return pad(text, width, Align::kRight) + ' ';
}

void print_head(std::ostream& out, const ResultsHeader& h, const InterposeResults& s) {
  out << "interposition  scenario=" << h.scenario << " iterations=" << h.iterations << " (+"
      << h.warmup.value_or(0) << " warm-up) runs=" << s.runs << " cpu=" << h.cpu
      << " supervisor-cpu=" << s.supervisor_cpu
      << (s.supervisor_cpu == h.cpu ? " (the loop's)" : "") << '\n';
  out << "median, min: cycles per call (total / calls) across runs\n"
         "p50, p99: per-call stamps, median across runs of each run's (TSC floor included)\n"
         "+raw, x raw: median across runs of (total - floor min) / calls against raw's with the "
         "same call; +raw min: the same of the smallest; p50 +raw: p50 - raw's p50\n";
  out << "  " << pad("mechanism", 19) << ' ' << pad("call", 5) << ' ' << right("runs", 4)
      << right("median", 10) << right("min", 10) << right("p50", 8) << right("p99", 8)
      << right("+raw", 9) << right("x raw", 7) << right("+raw min", 9) << right("p50 +raw", 9)
      << "helper\n";
}

std::string helper_text(const MechanismResult& m) {
  if (m.helper.empty() || m.helper == "none") return "-";
  std::string cpus;
  for (const int cpu : m.helper_cpus) cpus += (cpus.empty() ? "" : ",") + std::to_string(cpu);
  return m.helper + (cpus.empty() ? "" : " on cpu " + cpus);
}

void print_series(std::ostream& out, const MechanismResult& m, const CallSeries& c) {
  const RunStats& st = c.pass.stats;
  out << "  " << pad(m.name, 19) << ' ' << pad(c.call, 5) << ' ' << right(std::to_string(st.n), 4);
  if (st.n == 0) {
    out << "no usable run\n";
    return;
  }
  const std::optional<Overhead>& o = c.overhead_vs_raw;
  out << right(fixed(st.p50), 10) << right(fixed(st.min), 10)
      << right(c.per_call ? fixed(c.per_call->p50) : "n/a", 8)
      << right(c.per_call ? fixed(c.per_call->p99) : "n/a", 8)
      << right(o ? fixed(o->cycles) : "n/a", 9)
      << right(o && o->ratio ? fixed(*o->ratio, 2) : "n/a", 7)
      << right(o ? fixed(o->min_cycles) : "n/a", 9)
      << right(o && o->per_call_p50_cycles ? fixed(*o->per_call_p50_cycles) : "n/a", 9)
      << helper_text(m) << '\n';
}

}  // namespace

void print_interpose_table(std::ostream& out, const ResultsHeader& h, const InterposeResults& s) {
  print_head(out, h, s);
  for (const MechanismResult& m : s.mechanisms) {
    if (m.calls.empty() && m.skipped) {
      out << "  " << pad(m.name, 19) << " skipped: the kernel refuses it: " << *m.skipped << '\n';
      continue;
    }
    for (const CallSeries& c : m.calls) print_series(out, m, c);
    if (m.skipped)
      out << "  " << pad("", 19) << " then refused by the kernel: " << *m.skipped << '\n';
  }
  for (const std::string& name : s.missing_mechanisms)
    out << "  " << pad(name, 19) << " not run (program missing)\n";
  print_floor_line(out, s.tsc_floor);
  print_environment_line(out, h.environment);
  for (const std::string& warning : h.warnings) out << "WARNING: " << warning << '\n';
}

}  // namespace iprobe
