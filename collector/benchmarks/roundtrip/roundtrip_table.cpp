// The table printed after a round-trip run (and again by collector report): the variants,
// slowest first, with their statistics across runs.
#include <algorithm>
#include <ostream>

#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "results/table_lines.hpp"
#include "util/text_format.hpp"

namespace iprobe {

void print_roundtrip_table(std::ostream& out, const ResultsHeader& h, const RoundtripResults& s) {
  out << "round trip  scenario=" << h.scenario << " iterations=" << h.iterations << " (+"
      << h.warmup.value_or(0) << " warm-up) runs=" << s.runs << " cpu=" << h.cpu
      << (s.subtract_floor ? " floor subtracted" : "") << '\n';
  out << "cycles per call across runs; CI = 95% confidence interval of the mean (Student t)\n";
  out << "  " << pad("scenario/variant", 34) << ' ' << pad("runs", 5, Align::kRight) << ' '
      << pad("median", 10, Align::kRight) << ' ' << pad("mean +- stddev", 22, Align::kRight) << ' '
      << pad("95% CI", 22, Align::kRight) << ' ' << pad("min", 10, Align::kRight) << ' '
      << pad("x fastest", 9, Align::kRight) << ' ' << '\n';
  std::vector<const LoopSeries*> order;
  for (const LoopSeries& v : s.variants) order.push_back(&v);
  // Slowest first, like the thesis figure; variants without a result last.
  std::stable_sort(order.begin(), order.end(), [](const LoopSeries* a, const LoopSeries* b) {
    if ((a->stats.n > 0) != (b->stats.n > 0)) return a->stats.n > 0;
    return a->stats.p50 > b->stats.p50;
  });
  for (const LoopSeries* v : order) {
    const RunStats& st = v->stats;
    out << "  " << pad(h.scenario + "/" + v->name, 34) << ' ';
    if (st.n == 0) {
      out << pad("0", 5, Align::kRight) << ' ' << "no usable run\n";
      continue;
    }
    const std::string ci =
        st.ci95 ? "[" + fixed(st.ci95->first) + ", " + fixed(st.ci95->second) + "]" : "n/a";
    out << pad(std::to_string(st.n), 5, Align::kRight) << ' '
        << pad(fixed(st.p50), 10, Align::kRight) << ' '
        << pad(fixed(st.mean) + " +- " + fixed(st.stddev), 22, Align::kRight) << ' '
        << pad(ci, 22, Align::kRight) << ' ' << pad(fixed(st.min), 10, Align::kRight) << ' '
        << pad(v->ratio_to_fastest ? fixed(*v->ratio_to_fastest, 2) : "n/a", 9, Align::kRight)
        << ' ' << '\n';
  }
  for (const std::string& name : s.missing_variants)
    out << "  " << pad(h.scenario + "/" + name, 34) << ' ' << "not run (program missing)\n";
  print_floor_line(out, s.tsc_floor);
  print_environment_line(out, h.environment);
  for (const std::string& warning : h.warnings) out << "WARNING: " << warning << '\n';
}

}  // namespace iprobe
