#include "app/machine_compare.hpp"

#include "compare/compare_environment.hpp"
#include "compare/machine_table.hpp"

namespace iprobe {
namespace fs = std::filesystem;
namespace {

std::string subtitle(const MachineComparison& c) {
  std::string out =
      "bars: p50 of the calls (entry runs), median of the runs (round trip); no bar: not run "
      "on that machine";
  std::string emulated;
  for (const Machine& m : c.machines)
    if (cycle_kind(m.environment) != "hardware")
      emulated += (emulated.empty() ? "" : ", ") + m.name;
  if (!emulated.empty()) out += "\nQEMU TCG emulation, emulated cycles: " + emulated;
  if (c.mixed_cycles)
    out +=
        "\nMIXED: emulated and hardware cycles on one axis; an emulated cycle is not a "
        "hardware cycle";
  return out;
}

}  // namespace

MachineFigure machine_figure(const MachineComparison& c) {
  MachineFigure f;
  f.subtitle = subtitle(c);
  for (const Machine& m : c.machines) {
    f.machines.push_back(m.name + " (" + cycle_kind(m.environment) + " cycles)");
    f.table.push_back(machine_line(m));
  }
  for (const MachineRow& row : c.rows) {
    f.series.push_back(row.series);
    std::vector<std::optional<double>> values;
    for (const std::optional<CompareSeries>& s : row.cells)
      values.push_back(s ? std::optional<double>(s->height()) : std::nullopt);
    f.values.push_back(std::move(values));
  }
  return f;
}

int run_machine_compare(const CompareOptions& o, std::ostream& out, std::ostream& err) {
  MachineComparison comparison;
  try {
    std::vector<Machine> machines;
    for (const fs::path& dir : o.folders) machines.push_back(load_machine(dir));
    comparison = compare_machines(std::move(machines));
    fs::create_directories(o.output_dir);
    write_machine_csv(o.output_dir / "compare.csv", comparison);
  } catch (const std::exception& e) {
    err << "collector compare --by machine: " << e.what() << '\n';
    return 1;
  }
  print_machine_table(out, comparison);
  out << "results: " << (o.output_dir / "compare.csv").string() << '\n';
  try {
    const OutputReport report = draw_machine_figure(o.output_dir, machine_figure(comparison));
    return print_drawing_report(o.output_dir, report, out, err) ? 0 : 1;
  } catch (const std::exception& e) {
    err << "collector compare --by machine: cannot write the plot data: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace iprobe
