// `collector compare --by machine DIR...`: one figure (compare.svg/.png, the machines side by
// side per series, their table under it) and one CSV (compare.csv) for the machines' folders;
// see compare/machine_comparison.hpp.
#pragma once

#include <ostream>

#include "app/compare_command.hpp"
#include "compare/machine_comparison.hpp"
#include "plot/machine_plot.hpp"

namespace iprobe {

// The figure of a comparison: the key names each machine with its kind of cycles, the
// subtitle says which are emulated and when emulated and hardware cycles share the axis.
MachineFigure machine_figure(const MachineComparison& comparison);

// Exit status as in kCompareUsage; one line on err for every failure.
int run_machine_compare(const CompareOptions& options, std::ostream& out, std::ostream& err);

}  // namespace iprobe
