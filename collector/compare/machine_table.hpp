// `collector compare --by machine`: the comparison as compare.csv (tidy: one row per series and
// machine, with the machine's environment on every row) and as the table printed on the
// terminal (the series across, the machines under it).
#pragma once

#include <filesystem>
#include <ostream>

#include "compare/machine_comparison.hpp"

namespace iprobe {

// cycles: the bar (CompareSeries::height); the parts where the run has them; cycles_kind:
// "emulated (tcg)" or "hardware"; mitigations: every vulnerability as NAME=LINE, " | " between.
inline constexpr const char* kMachineCsvHeader =
    "machine,series,benchmark,scenario,variant,statistic,cycles,n,entry_cycles,kernel_cycles,"
    "exit_cycles,round_trip_cycles,cycles_kind,kernel,cpu_model,hypervisor,tsc_khz,mitigations,"
    "folder";

void write_machine_csv(std::ostream& out, const MachineComparison& comparison);
// Throws std::runtime_error naming the file when it cannot be written.
void write_machine_csv(const std::filesystem::path& path, const MachineComparison& comparison);

void print_machine_table(std::ostream& out, const MachineComparison& comparison);

}  // namespace iprobe
