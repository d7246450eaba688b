#include "compare/machine_table.hpp"

#include <algorithm>

#include "compare/compare_environment.hpp"
#include "util/file_util.hpp"
#include "util/text_format.hpp"

namespace iprobe {
namespace fs = std::filesystem;
namespace {

std::string number(const std::optional<double>& value) {
  return value ? shortest(*value) : std::string();
}

std::string mitigation_list(const Environment& e) {
  std::string out;
  for (const auto& [name, line] : e.mitigations)
    out += (out.empty() ? "" : " | ") + name + '=' + line;
  return out;
}

// The columns of a machine, the same on each of its rows.
std::string machine_columns(const Machine& m) {
  const Environment& e = m.environment;
  return csv_field(cycle_kind(e)) + ',' + csv_field(e.kernel) + ',' + csv_field(e.cpu_model) + ',' +
         csv_field(e.hypervisor) + ',' + csv_field(e.tsc_khz) + ',' + csv_field(mitigation_list(e));
}

}  // namespace

void write_machine_csv(std::ostream& out, const MachineComparison& c) {
  out << kMachineCsvHeader << '\n';
  for (const MachineRow& row : c.rows)
    for (std::size_t i = 0; i < c.machines.size(); ++i) {
      const std::optional<CompareSeries>& s = row.cells[i];
      if (!s) continue;
      out << csv_field(c.machines[i].name) << ',' << csv_field(row.series) << ','
          << csv_field(s->benchmark) << ',' << csv_field(s->scenario) << ','
          << csv_field(s->variant) << ',' << s->statistic << ',' << shortest(s->height()) << ','
          << s->n << ',' << number(s->entry) << ',' << number(s->kernel) << ',' << number(s->exit)
          << ',' << number(s->round_trip) << ',' << machine_columns(c.machines[i]) << ','
          << csv_field(s->folder) << '\n';
    }
}

void write_machine_csv(const fs::path& path, const MachineComparison& c) {
  write_output_file(path, "compare.csv", [&](std::ostream& out) { write_machine_csv(out, c); });
}

void print_machine_table(std::ostream& out, const MachineComparison& c) {
  out << "compare --by machine: " << c.rows.size() << " series on " << c.machines.size()
      << " machines, TSC cycles per call (entry runs: p50 of the calls; round trip: median of "
         "the runs)\n";
  std::size_t width = 32;
  for (const MachineRow& row : c.rows) width = std::max(width, row.series.size());
  std::size_t column = 12;
  for (const Machine& m : c.machines) column = std::max(column, m.name.size());
  out << "  " << pad("series", width);
  for (const Machine& m : c.machines) out << ' ' << pad(m.name, column, Align::kRight);
  out << '\n';
  for (const MachineRow& row : c.rows) {
    out << "  " << pad(row.series, width);
    for (const std::optional<CompareSeries>& s : row.cells)
      out << ' ' << pad(s ? fixed(s->height()) : "-", column, Align::kRight);
    out << '\n';
  }
  out << "machines:\n";
  for (const Machine& m : c.machines) out << "  " << machine_line(m) << '\n';
  if (c.mixed_cycles)
    out << "MIXED cycles: emulated (QEMU TCG) and hardware machines share this table and the "
           "figure's axis; an emulated cycle is not a hardware cycle\n";
  for (const std::string& note : c.notes) out << "note: " << note << '\n';
}

}  // namespace iprobe
