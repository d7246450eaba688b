// runs.csv of a round-trip run: written from the runs, read back for the figures.
#include <array>

#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "results/csv_rows.hpp"
#include "util/text_format.hpp"

namespace iprobe {
namespace {

constexpr std::array<const char*, 10> kRunsFields = {
    "variant",   "run",     "iterations", "total_cycles", "cycles_per_call",
    "cpu_start", "cpu_end", "migrations", "errors",       "floor_subtracted"};
// runs.csv of folders older than the provenance member: the same without floor_subtracted.
constexpr const char* kLegacyRunsCsvHeader =
    "variant,run,iterations,total_cycles,cycles_per_call,cpu_start,cpu_end,migrations,errors";

bool valid_variant_name(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '+' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// `fields`: 10, or 9 in a file with the legacy header.
LoopRun runs_row(std::string_view text, const std::string& name, uint64_t line,
                 std::size_t fields) {
  std::array<std::string_view, kRunsFields.size()> f;
  const std::size_t count = csv_split(text, f);
  if (count != fields)
    csv_fail(name, line,
             "expected " + std::to_string(fields) + " fields, got " + std::to_string(count));
  if (fields == kRunsFields.size() && f[9] != "true" && f[9] != "false")
    csv_fail(name, line,
             "field 10 (floor_subtracted) must be true or false, got '" + csv_shown(f[9]) + "'");
  if (!valid_variant_name(f[0]))
    csv_fail(name, line,
             "field 1 (variant) must be a name of letters, digits, '.', '_', '+', '-', got '" +
                 csv_shown(f[0]) + "'");
  LoopRun r;
  r.name = std::string(f[0]);
  r.run = csv_integer<uint32_t>(f[1], name, line, 1, kRunsFields[1]);
  LoopTotal total;
  total.calls = csv_integer<uint32_t>(f[2], name, line, 2, kRunsFields[2]);
  total.cycles = csv_integer<uint64_t>(f[3], name, line, 3, kRunsFields[3]);
  r.cycles_per_call = csv_nonnegative_double(f[4], name, line, 4, kRunsFields[4]);
  total.cpu_start = csv_integer<uint32_t>(f[5], name, line, 5, kRunsFields[5]);
  total.cpu_end = csv_integer<uint32_t>(f[6], name, line, 6, kRunsFields[6]);
  total.migrations = csv_integer<uint32_t>(f[7], name, line, 7, kRunsFields[7]);
  total.errors = csv_integer<uint32_t>(f[8], name, line, 8, kRunsFields[8]);
  r.total = total;
  return r;
}

}  // namespace

void write_runs_csv(std::ostream& out, const RoundtripResults& s) {
  out << kRunsCsvHeader << '\n';
  for (const LoopSeries& v : s.variants) {
    for (const LoopRun& r : v.runs) {
      if (!r.usable()) continue;
      const LoopTotal& t = *r.total;
      out << v.name << ',' << r.run << ',' << t.calls << ',' << t.cycles << ','
          << shortest(r.cycles_per_call) << ',' << t.cpu_start << ',' << t.cpu_end << ','
          << t.migrations << ',' << t.errors << ',' << (s.subtract_floor ? "true" : "false")
          << '\n';
    }
  }
}

std::vector<LoopRun> parse_runs_csv(std::istream& in, const std::string& name) {
  std::vector<LoopRun> runs;
  std::size_t fields = kRunsFields.size();
  auto header_ok = [&](std::string_view header) {
    if (header == kLegacyRunsCsvHeader) fields = kRunsFields.size() - 1;
    return header == kRunsCsvHeader || header == kLegacyRunsCsvHeader;
  };
  for_each_csv_row(in, name, header_ok, kRunsCsvHeader, [&](uint64_t line, std::string_view text) {
    runs.push_back(runs_row(text, name, line, fields));
  });
  return runs;
}

std::vector<LoopRun> read_runs_csv(const std::filesystem::path& path) {
  std::ifstream in = open_results_file(path);
  return parse_runs_csv(in, path.string());
}

}  // namespace iprobe
