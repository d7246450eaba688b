// `collector compare`: the comparison as a table: compare.csv (tidy, one row per series and
// part, for pandas) and the table printed on the terminal.
#pragma once

#include <filesystem>
#include <ostream>

#include "compare/compare_environment.hpp"

namespace iprobe {

// Header of compare.csv. part: entry, kernel, exit or round_trip; statistic: kStatisticCalls
// or kStatisticRuns; cycles: TSC cycles per call; n: the calls or runs behind the statistic;
// the environment columns say where the row was measured (they differ only with --mixed).
inline constexpr const char* kCompareCsvHeader =
    "series,folder,scenario,benchmark,variant,part,statistic,cycles,n,kernel,cpu_model,tsc_khz,"
    "cycles_kind,hypervisor,accel";

void write_compare_csv(std::ostream& out, const Comparison& comparison);
// Throws std::runtime_error naming the file when it cannot be written.
void write_compare_csv(const std::filesystem::path& path, const Comparison& comparison);

void print_compare_table(std::ostream& out, const Comparison& comparison);

}  // namespace iprobe
