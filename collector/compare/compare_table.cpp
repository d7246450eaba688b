#include "compare/compare_table.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "util/file_util.hpp"
#include "util/text_format.hpp"

namespace iprobe {
namespace fs = std::filesystem;
namespace {

using Part = std::pair<const char*, std::optional<double> CompareSeries::*>;
constexpr std::array<Part, 4> kParts{{{"entry", &CompareSeries::entry},
                                      {"kernel", &CompareSeries::kernel},
                                      {"exit", &CompareSeries::exit},
                                      {"round_trip", &CompareSeries::round_trip}}};

const Environment& environment_of(const Comparison& c, const std::string& folder) {
  for (const CompareFolder& f : c.folders)
    if (f.folder == folder) return f.environment;
  static const Environment kNone;
  return kNone;
}

std::string cell(const std::optional<double>& value) {
  return value ? fixed(*value) : std::string("-");
}

}  // namespace

void write_compare_csv(std::ostream& out, const Comparison& c) {
  out << kCompareCsvHeader << '\n';
  for (const CompareSeries& s : c.series) {
    const Environment& e = environment_of(c, s.folder);
    const std::string where = csv_field(e.kernel) + ',' + csv_field(e.cpu_model) + ',' +
                              (e.tsc_khz > 0 ? std::to_string(e.tsc_khz) : std::string()) + ',' +
                              csv_field(cycle_kind(e)) + ',' + csv_field(e.hypervisor) + ',' +
                              csv_field(e.accel);
    for (const auto& [part, member] : kParts) {
      const std::optional<double>& value = s.*member;
      if (!value) continue;
      out << csv_field(s.label()) << ',' << csv_field(s.folder) << ',' << csv_field(s.scenario)
          << ',' << s.benchmark << ',' << csv_field(s.variant) << ',' << part << ',' << s.statistic
          << ',' << shortest(*value) << ',' << s.n << ',' << where << '\n';
    }
  }
}

void write_compare_csv(const fs::path& path, const Comparison& c) {
  write_output_file(path, "compare.csv", [&](std::ostream& out) { write_compare_csv(out, c); });
}

void print_compare_table(std::ostream& out, const Comparison& c) {
  out << "compare: " << c.series.size() << " series from " << c.folders.size()
      << " folders, TSC cycles per call, slowest first\n"
      << "statistic: entry runs p50 of the calls (entry/kernel/exit where the run has the "
         "split); round trip runs median of the runs' cycles per call\n";
  std::size_t width = 36;
  for (const CompareSeries& s : c.series) width = std::max(width, s.label().size());
  out << "  " << pad("series", width) << ' ' << pad("statistic", 14) << ' '
      << pad("n", 8, Align::kRight);
  for (const char* head : {"entry", "kernel", "exit", "round trip", "bar"})
    out << ' ' << pad(head, 10, Align::kRight);
  out << '\n';
  for (const CompareSeries& s : c.series) {
    out << "  " << pad(s.label(), width) << ' ' << pad(s.statistic, 14) << ' '
        << pad(std::to_string(s.n), 8, Align::kRight);
    for (const auto& [part, member] : kParts) out << ' ' << pad(cell(s.*member), 10, Align::kRight);
    out << ' ' << pad(fixed(s.height()), 10, Align::kRight) << '\n';
  }
  for (const CompareFolder& f : c.folders) {
    const Environment& e = f.environment;
    out << "  " << f.folder << ": " << (e.cpu_model.empty() ? "unknown CPU" : e.cpu_model)
        << ", kernel " << (e.kernel.empty() ? "unknown" : e.kernel) << ", " << cycle_kind(e)
        << " cycles" << (e.accel.empty() ? "" : ", accel " + e.accel) << '\n';
    for (const std::string& note : f.notes) out << "  note: " << note << '\n';
  }
  for (const EnvironmentDifference& d : c.differences)
    out << "MIXED (--mixed): " << describe_difference(d) << '\n';
}

}  // namespace iprobe
