// The table printed after an entry-latency run (and again by collector report).
#include <string>

#include "benchmarks/entry/entry_results.hpp"
#include "env/environment.hpp"
#include "logs/stamp_line.hpp"
#include "util/text_format.hpp"

namespace iprobe {
namespace {

std::string or_unknown(const std::string& text) { return text.empty() ? "unknown" : text; }

void row(std::ostream& out, const char* label, const std::string& value) {
  out << "  " << pad(label, 18) << value << '\n';
}

void row(std::ostream& out, const char* label, uint64_t value) {
  row(out, label, std::to_string(value));
}

void print_counts(std::ostream& out, const RunCounts& c) {
  out << "counts\n";
  row(out, "expected", c.expected);
  row(out, "paired", c.paired);
  row(out, "lost", c.lost);
  row(out, "missing kernel", c.missing_kernel);
  row(out, "missing user", c.missing_user);
  row(out, "rejected", c.rejected);
  // The reasons of the rejected lines, one row each, only those that occurred.
  for (std::size_t i = 0; i < kRejectReasonCount; ++i) {
    if (c.rejected_by_reason[i] == 0) continue;
    const std::string label = "  " + std::string(reject_reason_name(static_cast<RejectReason>(i)));
    row(out, label.c_str(), c.rejected_by_reason[i]);
  }
  row(out, "duplicate", c.duplicate);
  row(out, "negative", c.negative);
  row(out, "cross-CPU", c.cross_cpu);
  row(out, "foreign", c.foreign);
  row(out, "warm-up", c.warmup);
  row(out, "out of range", c.out_of_range);
  row(out, "wrong source", c.wrong_source);
  row(out, "kmsg lost records", c.log_lost_records);
  if (c.log_seq_restarts > 0) row(out, "kmsg seq restarts", c.log_seq_restarts);
  if (c.printk_dropped > 0) row(out, "printk dropped", c.printk_dropped);
  if (c.tsc_backwards_user > 0) row(out, "TSC backwards user", c.tsc_backwards_user);
  if (c.tsc_backwards_kernel > 0) row(out, "TSC backwards kern", c.tsc_backwards_kernel);
  row(out, "dump dropped", c.dump_dropped);
  row(out, "dump incomplete", c.dump_incomplete ? "yes" : "no");
}

// Latency over the same-CPU pairs, the TSC floor and the loop's round trip of the same run.
void print_latency(std::ostream& out, const EntrySummary& s) {
  const LatencyStats& l = s.latency;
  out << "latency (cycles, same-CPU pairs, n=" << l.n << ")\n";
  out << "  min " << l.min << "  p50 " << l.p50 << "  mean " << fixed(l.mean) << "  p99 " << l.p99
      << "  max " << l.max << "  stddev " << fixed(l.stddev) << '\n';
  if (s.tsc_floor) {
    out << "TSC floor (cycles)    min " << s.tsc_floor->min << "  p50 " << s.tsc_floor->p50
        << "  samples " << s.tsc_floor->samples << '\n';
  } else {
    out << "TSC floor (cycles)    unknown\n";
  }
  if (s.total && s.total->calls > 0) {
    const double round_trip =
        static_cast<double>(s.total->cycles) / static_cast<double>(s.total->calls);
    out << "round trip            " << fixed(round_trip) << " cycles/call over " << s.total->calls
        << " calls\n";
    // Entry latency and round trip of the same run, side by side: entry is part of
    // the round trip, so it should come out below it.
    if (l.n > 0)
      out << "entry vs round trip   entry p50 " << l.p50 << " vs round trip " << fixed(round_trip)
          << " cycles/call"
          << (static_cast<double>(l.p50) < round_trip ? "" : "  (entry >= round trip!)") << '\n';
  } else {
    out << "round trip            unknown\n";
  }
}

void stats_row(std::ostream& out, const char* label, const LatencyStats& l) {
  out << "  " << pad(label, 12) << "min " << l.min << "  p50 " << l.p50 << "  mean "
      << fixed(l.mean) << "  p99 " << l.p99 << '\n';
}

// Entry, kernel and exit parts of the round trip (format 2), and where each extra probe sits.
void print_anatomy(std::ostream& out, const EntrySummary& s) {
  if (s.anatomy) {
    const AnatomyStats& a = *s.anatomy;
    out << "anatomy (cycles, same-CPU calls with all four stamps, n=" << a.round_trip.n << ")\n";
    stats_row(out, "entry", a.entry);
    stats_row(out, "kernel", a.kernel);
    stats_row(out, "exit", a.exit);
    stats_row(out, "round trip", a.round_trip);
    // The printk line is printed after the exit stamp, inside the ioctl: it lands in "exit".
    if (s.mode == Mode::kPrintk) out << "  (printk mode: the exit part includes the printk)\n";
  }
  if (s.anatomy || s.counts.order_violations > 0) {
    row(out, "order violations", s.counts.order_violations);
  }
  for (const CrossCheckSummary& c : s.cross_check) {
    out << "cross-check " << name(c.probe) << "  paired " << c.paired << "  lost " << c.lost
        << "  order violations " << c.order_violations << '\n';
    stats_row(out, "enter gap", c.enter_gap);
    stats_row(out, "exit gap", c.exit_gap);
  }
}

void print_environment(std::ostream& out, const Environment& e) {
  out << "environment\n";
  row(out, "kernel", or_unknown(e.kernel));
  row(out, "cpu model", or_unknown(e.cpu_model));
  std::string flags;
  for (const std::string& flag : e.tsc_flags) flags += (flags.empty() ? "" : " ") + flag;
  row(out, "tsc", (flags.empty() ? "no flags" : flags) + ", khz " + tsc_khz_text(e));
  row(out, "hypervisor", e.hypervisor.empty() ? "none" : e.hypervisor);
  if (!e.accel.empty()) row(out, "accel", e.accel);
  row(out, "pinned cpu", e.cpu < 0 ? "none" : std::to_string(e.cpu));
  row(out, "smt", or_unknown(e.smt));
  row(out, "governor", or_unknown(e.governor));
  // Only what affects the numbers; summary.json keeps every vulnerabilities/ line.
  size_t unaffected = 0;
  for (const auto& [name, line] : e.mitigations) {
    if (line == "Not affected") {
      ++unaffected;
      continue;
    }
    out << "  " << name << ": " << line << '\n';
  }
  if (unaffected > 0) out << "  (" << unaffected << " other vulnerabilities: Not affected)\n";
}

}  // namespace

void print_entry_table(std::ostream& out, const ResultsHeader& h, const EntrySummary& s) {
  out << "run " << run_hex(h.run_id.value_or(0)) << "  scenario=" << h.scenario
      << " probe=" << probe_list_name(s.named_probes)
      << (s.mode ? " mode=" + name(*s.mode) : std::string())
      << (s.loop.empty() ? "" : " loop=" + s.loop) << " iterations=" << h.iterations
      << " runs=" << s.runs << '\n';
  print_counts(out, s.counts);
  print_latency(out, s);
  print_anatomy(out, s);
  print_environment(out, h.environment);
  for (const std::string& warning : h.warnings) out << "WARNING: " << warning << '\n';
}

}  // namespace iprobe
