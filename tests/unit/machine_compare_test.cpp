// collector compare --by machine: machines' folders found and read from real summary.json files
// (tests/fixtures/compare/), the side-by-side rows, compare.csv, the figure and the CLI.
#include "app/machine_compare.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/compare_command.hpp"
#include "compare/machine_comparison.hpp"
#include "compare/machine_table.hpp"
#include "plot/plot_gnuplot.hpp"
#include "results/json_file.hpp"

namespace iprobe {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

const fs::path kFixtures = fs::path(IPROBE_FIXTURE_DIR) / "compare";

// A scratch folder of machines, each a folder of results folders copied from the fixtures,
// optionally with their environment changed as another machine's would be.
class Fleet {
 public:
  Fleet() : root_(fs::temp_directory_path() / ("iprobe_machines_" + std::to_string(getpid()))) {
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~Fleet() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  Fleet(const Fleet&) = delete;
  Fleet& operator=(const Fleet&) = delete;

  // ROOT/MACHINE/RUN/summary.json: the fixture's, its environment fields replaced by `changes`.
  fs::path run(const std::string& machine, const std::string& run, const std::string& fixture,
               const Json& changes = Json::object()) const {
    Json json = read_json_file(kFixtures / fixture / "summary.json");
    for (const auto& [key, value] : changes.items()) json["environment"][key] = value;
    const fs::path dir = root_ / machine / run;
    fs::create_directories(dir);
    std::ofstream(dir / "summary.json") << json.dump(2);
    return root_ / machine;
  }
  [[nodiscard]] const fs::path& root() const { return root_; }

 private:
  fs::path root_;
};

// Another bare-metal machine: the development VM's round trip, as if measured on an EPYC.
const Json kMetal = {{"cpu_model", "AMD EPYC 7763 64-Core Processor"},
                     {"kernel", "6.1.0-28-amd64"},
                     {"hypervisor", ""},
                     {"tsc_khz", "2445405"}};

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const CompareInputError& e) {
    return e.what();
  }
  return "";
}

TEST(MachineFolders, AResultsFolderIsItsOwnMachine) {
  const fs::path dir = kFixtures / "linux-roundtrip";
  EXPECT_EQ(machine_results_folders(dir), std::vector<fs::path>{dir});
}

TEST(MachineFolders, AHostFolderGivesItsResultsFoldersSortedNotWhatIsBelowThem) {
  Fleet fleet;
  fleet.run("host", "roundtrip", "linux-roundtrip");
  fleet.run("host", "entry-tracepoint", "hermitux-entry");
  fleet.run("host/suite-1", "deep", "hermitux-entry");
  // Below a results folder (its raw/ or a copy inside it) nothing more is taken.
  fleet.run("host/roundtrip", "inner", "hermitux-entry");
  fs::create_directories(fleet.root() / "host" / "empty");
  const fs::path host = fleet.root() / "host";
  EXPECT_EQ(machine_results_folders(host),
            (std::vector<fs::path>{host / "entry-tracepoint", host / "roundtrip",
                                   host / "suite-1" / "deep"}));
}

TEST(MachineFolders, AFolderWithoutResultsOrNoFolderIsRefusedByName) {
  Fleet fleet;
  fs::create_directories(fleet.root() / "empty" / "a");
  EXPECT_NE(error_of([&] {
              machine_results_folders(fleet.root() / "empty");
            }).find("empty: holds no results folder"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              machine_results_folders(fleet.root() / "missing");
            }).find("missing: is not a directory"),
            std::string::npos);
}

TEST(MachineLoad, FoldersOfOneMachineMakeOneMachineWithAllTheirSeries) {
  Fleet fleet;
  fleet.run("vm", "roundtrip", "linux-roundtrip");
  const fs::path vm = fleet.run("vm", "entry", "hermitux-entry");
  const Machine m = load_machine(vm);
  EXPECT_EQ(m.name, "vm");
  ASSERT_EQ(m.runs.size(), 2U);
  EXPECT_EQ(m.runs[0].series.size() + m.runs[1].series.size(), 8U);
  EXPECT_EQ(m.environment.kernel, "6.18.44-fc-v669");
}

TEST(MachineLoad, FoldersOfTwoMachinesInOneDirAreRefusedNamingTheField) {
  Fleet fleet;
  fleet.run("two", "roundtrip", "linux-roundtrip");
  const fs::path two = fleet.run("two", "qemu", "qemu-entry");
  const std::string error = error_of([&] { load_machine(two); });
  EXPECT_NE(error.find("two: its results folders are not of one machine: cpu_model differs"),
            std::string::npos)
      << error;
}

MachineComparison vm_and_metal(const Fleet& fleet) {
  fleet.run("vm", "roundtrip", "linux-roundtrip");
  fleet.run("vm", "entry", "hermitux-entry");
  fleet.run("metal", "roundtrip", "linux-roundtrip", kMetal);
  return compare_machines(
      {load_machine(fleet.root() / "vm"), load_machine(fleet.root() / "metal")});
}

TEST(MachineComparison, EachSeriesIsOneRowWithACellPerMachineAndNoneWhereNotRun) {
  Fleet fleet;
  const MachineComparison c = vm_and_metal(fleet);
  ASSERT_EQ(c.rows.size(), 8U);
  EXPECT_EQ(c.rows[0].series, "hermitux/entry hermitux/buffer");  // vm's entry/ sorts first
  ASSERT_TRUE(c.rows[0].cells[0].has_value());
  EXPECT_FALSE(c.rows[0].cells[1].has_value());
  const auto raw_row = std::find_if(c.rows.begin(), c.rows.end(),
                                    [](const MachineRow& r) { return r.series == "linux/raw"; });
  ASSERT_NE(raw_row, c.rows.end());
  const MachineRow& raw = *raw_row;
  EXPECT_EQ(raw.benchmark, "roundtrip");
  ASSERT_TRUE(raw.cells[0] && raw.cells[1]);
  EXPECT_EQ(raw.cells[0]->height(), raw.cells[1]->height());  // one file, two "machines"
  EXPECT_FALSE(c.mixed_cycles);  // both hardware: nothing to warn about
}

TEST(MachineComparison, TwoMachinesOfOneNameAreRefused) {
  Fleet fleet;
  const fs::path a = fleet.run("a/host", "rt", "linux-roundtrip");
  const fs::path b = fleet.run("b/host", "rt", "linux-roundtrip");
  EXPECT_NE(error_of([&] {
              compare_machines({load_machine(a), load_machine(b)});
            }).find("two machines are named host"),
            std::string::npos);
}

TEST(MachineComparison, EmulatedAndHardwareMachinesAreComparedButMarkedMixed) {
  Fleet fleet;
  const fs::path vm = fleet.run("vm", "roundtrip", "linux-roundtrip");
  const fs::path tcg =
      fleet.run("tcg", "roundtrip", "linux-roundtrip", {{"hypervisor", "tcg"}, {"accel", "tcg"}});
  const MachineComparison c = compare_machines({load_machine(vm), load_machine(tcg)});
  EXPECT_TRUE(c.mixed_cycles);
  std::ostringstream table;
  print_machine_table(table, c);
  EXPECT_NE(table.str().find("MIXED cycles: emulated (QEMU TCG) and hardware"), std::string::npos);
  const MachineFigure f = machine_figure(c);
  EXPECT_EQ(f.machines,
            (std::vector<std::string>{"vm (hardware cycles)", "tcg (emulated (tcg) cycles)"}));
  EXPECT_NE(f.subtitle.find("emulated cycles: tcg\nMIXED"), std::string::npos) << f.subtitle;
}

TEST(MachineComparison, MitigationsAreSummedUpByStatus) {
  const Machine m = load_machine(kFixtures / "linux-roundtrip");
  EXPECT_EQ(mitigations_summary(m.environment), "3 mitigated, 2 vulnerable, 14 not affected");
  EXPECT_EQ(mitigations_summary(Environment{}), "unknown");
  EXPECT_EQ(machine_line(m),
            "linux-roundtrip: Intel(R) Xeon(R) Processor, kernel 6.18.44-fc-v669, hypervisor "
            "kvm, hardware cycles, mitigations: 3 mitigated, 2 vulnerable, 14 not affected");
}

TEST(MachineTable, CsvHasOneRowPerSeriesAndMachineWithTheMachinesEnvironment) {
  Fleet fleet;
  const MachineComparison c = vm_and_metal(fleet);
  std::ostringstream csv;
  write_machine_csv(csv, c);
  std::istringstream lines(csv.str());
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, kMachineCsvHeader);
  int rows = 0;
  std::string metal_raw;
  while (std::getline(lines, line)) {
    ++rows;
    if (line.starts_with("metal,linux/raw,")) metal_raw = line;
  }
  EXPECT_EQ(rows, 8 + 7);  // vm: 8 series, metal: the 7 round-trip variants
  EXPECT_NE(metal_raw.find(",median of runs,"), std::string::npos) << metal_raw;
  EXPECT_NE(metal_raw.find(",hardware,6.1.0-28-amd64,AMD EPYC 7763 64-Core Processor,,2445405,"
                           "gather_data_sampling=Not affected | "),
            std::string::npos)
      << metal_raw;
}

TEST(MachinePlot, DataHasADashWhereAMachineDidNotRunTheSeries) {
  Fleet fleet;
  const MachineFigure f = machine_figure(vm_and_metal(fleet));
  const std::string dat = machine_dat_text(f);
  EXPECT_NE(dat.find("0 \"hermitux/entry hermitux/buffer\" 306764 -\n"), std::string::npos) << dat;
  EXPECT_EQ(f.table.size(), 2U);
  const std::string gp = machine_plot_script(f, "pngcairo");
  EXPECT_NE(gp.find("set logscale y\n"), std::string::npos);
  EXPECT_NE(gp.find("title \"metal (hardware cycles)\""), std::string::npos);
  EXPECT_NE(gp.find("set xtics rotate by -35 nomirror (\"hermitux/entry hermitux/buffer\" 0, "),
            std::string::npos);
  EXPECT_NE(gp.find("set label 2 \"metal: AMD EPYC 7763"), std::string::npos) << gp;
}

TEST(MachinePlot, GnuplotDrawsTheFigure) {
  if (!find_gnuplot()) GTEST_SKIP() << "gnuplot missing (Debian: gnuplot-nox)";
  Fleet fleet;
  const MachineFigure f = machine_figure(vm_and_metal(fleet));
  const fs::path out = fleet.root() / "out";
  const OutputReport report = draw_machine_figure(out, f);
  EXPECT_TRUE(report.warnings.empty()) << report.warnings.front();
  EXPECT_GT(fs::file_size(out / "compare.svg"), 1000U);
  EXPECT_GT(fs::file_size(out / "compare.png"), 1000U);
}

TEST(MachineCompareCli, ByTakesOnlyMachineAndNotWithMixed) {
  EXPECT_EQ(run_compare_main({"--by", "cpu", "a"}), 2);
  EXPECT_EQ(run_compare_main({"--by", "machine", "--mixed", "a"}), 2);
}

TEST(MachineCompareCli, WritesTheCsvAndPrintsEachMachinesKernel) {
  Fleet fleet;
  vm_and_metal(fleet);
  CompareOptions o;
  o.folders = {fleet.root() / "vm", fleet.root() / "metal"};
  o.output_dir = fleet.root() / "out";
  o.by_machine = true;
  std::ostringstream out, err;
  const int rc = run_machine_compare(o, out, err);
  EXPECT_TRUE(rc == 0 || !find_gnuplot()) << err.str();
  EXPECT_TRUE(fs::is_regular_file(o.output_dir / "compare.csv"));
  EXPECT_NE(out.str().find("  vm: Intel(R) Xeon(R) Processor, kernel 6.18.44-fc-v669"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("  metal: AMD EPYC 7763 64-Core Processor, kernel 6.1.0-28-amd64, "
                           "bare metal, hardware cycles"),
            std::string::npos);
  std::ostringstream missing_err;
  o.folders.push_back(fleet.root() / "nowhere");
  EXPECT_EQ(run_machine_compare(o, out, missing_err), 1);
  EXPECT_NE(missing_err.str().find("nowhere: is not a directory"), std::string::npos);
}

}  // namespace
}  // namespace iprobe
