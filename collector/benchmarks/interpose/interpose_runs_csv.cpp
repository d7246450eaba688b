// runs.csv of an interposition run: one row per usable process, written from the runs and read
// back for the figures.
#include <algorithm>
#include <array>

#include "benchmarks/interpose/interpose_results.hpp"
#include "results/csv_rows.hpp"
#include "util/text_format.hpp"

namespace iprobe {
namespace {

constexpr std::array<const char*, 21> kFields = {
    "mechanism",        "call",          "run",
    "iterations",       "total_cycles",  "cycles_per_call",
    "floor_min",        "percall_calls", "percall_min",
    "percall_p50",      "percall_p99",   "percall_max",
    "percall_negative", "hooked",        "calls",
    "result",           "helper_cpu",    "cpu_start",
    "cpu_end",          "migrations",    "errors"};

template <typename T>
T field(const std::array<std::string_view, kFields.size()>& f, std::size_t i,
        const std::string& name, uint64_t line) {
  return csv_integer<T>(f[i], name, line, i, kFields[i]);
}

void check_names(std::string_view mechanism, std::string_view call, const std::string& name,
                 uint64_t line) {
  if (!is_interpose_mechanism(mechanism))
    csv_fail(name, line, "field 1 (mechanism) is not a mechanism: '" + csv_shown(mechanism) + "'");
  if (std::find(kInterposeCalls.begin(), kInterposeCalls.end(), call) == kInterposeCalls.end())
    csv_fail(name, line, "field 2 (call) must be ioctl or nosys, got '" + csv_shown(call) + "'");
}

InterposeCsvRow row_of(std::string_view text, const std::string& name, uint64_t line) {
  std::array<std::string_view, kFields.size()> f;
  const std::size_t count = csv_split(text, f);
  if (count != f.size())
    csv_fail(name, line,
             "expected " + std::to_string(f.size()) + " fields, got " + std::to_string(count));
  check_names(f[0], f[1], name, line);
  InterposeCsvRow row;
  row.mechanism = f[0];
  row.call = f[1];
  LoopRun& r = row.pass;
  r.name = interpose_series_name(row.mechanism, row.call);
  r.run = field<uint32_t>(f, 2, name, line);
  LoopTotal t;
  t.run = 0;
  t.calls = field<uint32_t>(f, 3, name, line);
  t.cycles = field<uint64_t>(f, 4, name, line);
  r.cycles_per_call = csv_nonnegative_double(f[5], name, line, 5, kFields[5]);
  r.floor = TscFloor{field<uint64_t>(f, 6, name, line), 0, 0};
  PercallLine& p = row.extras.percall;
  p.calls = field<uint64_t>(f, 7, name, line);
  p.min = field<int64_t>(f, 8, name, line);
  p.p50 = field<int64_t>(f, 9, name, line);
  p.p99 = field<int64_t>(f, 10, name, line);
  p.max = field<int64_t>(f, 11, name, line);
  p.negative = field<uint64_t>(f, 12, name, line);
  HookLine& h = row.extras.hook;
  h.mechanism = row.mechanism;
  h.call = row.call;
  h.hooked = field<uint64_t>(f, 13, name, line);
  h.calls = field<uint64_t>(f, 14, name, line);
  h.result = field<int64_t>(f, 15, name, line);
  h.helper_cpu = field<int>(f, 16, name, line);
  t.cpu_start = field<uint32_t>(f, 17, name, line);
  t.cpu_end = field<uint32_t>(f, 18, name, line);
  t.migrations = field<uint32_t>(f, 19, name, line);
  t.errors = field<uint32_t>(f, 20, name, line);
  r.total = t;
  return row;
}

}  // namespace

void write_interpose_runs_csv(std::ostream& out, const InterposeResults& s) {
  out << kInterposeRunsCsvHeader << '\n';
  for (const MechanismResult& m : s.mechanisms) {
    for (const CallSeries& c : m.calls) {
      for (const LoopRun& r : c.pass.runs) {
        const auto extras = c.extras.find(r.run);
        if (!r.usable() || extras == c.extras.end()) continue;
        const LoopTotal& t = *r.total;
        const PercallLine& p = extras->second.percall;
        const HookLine& h = extras->second.hook;
        out << m.name << ',' << c.call << ',' << r.run << ',' << t.calls << ',' << t.cycles << ','
            << shortest(r.cycles_per_call) << ',' << r.floor->min << ',' << p.calls << ',' << p.min
            << ',' << p.p50 << ',' << p.p99 << ',' << p.max << ',' << p.negative << ',' << h.hooked
            << ',' << h.calls << ',' << h.result << ',' << h.helper_cpu << ',' << t.cpu_start << ','
            << t.cpu_end << ',' << t.migrations << ',' << t.errors << '\n';
      }
    }
  }
}

std::vector<InterposeCsvRow> parse_interpose_runs_csv(std::istream& in, const std::string& name) {
  std::vector<InterposeCsvRow> rows;
  for_each_csv_row(in, name, kInterposeRunsCsvHeader, [&](uint64_t line, std::string_view text) {
    rows.push_back(row_of(text, name, line));
  });
  return rows;
}

}  // namespace iprobe
