// `collector compare --by machine DIR...`: the machines side by side. Each DIR is one machine:
// a results folder, or a folder holding results folders (a suite's folder, or a fleet run's
// results/fleet-TIME/HOST/ from deploy/ansible), named after its last path component. Unlike
// plain compare, machines that differ are the point, not an error; within one machine the
// results folders must agree (compare_environment's fields), and the cycles of every machine
// are labelled emulated or hardware wherever they are shown.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "compare/compare_data.hpp"

namespace iprobe {

struct Machine {
  std::string name;    // the folder's own name (folder_name)
  std::string folder;  // as given on the command line
  Environment environment;
  std::vector<CompareFolder> runs;  // its results folders, in path order
};

// One series (scenario/variant of one benchmark) across the machines.
struct MachineRow {
  std::string series;  // CompareSeries::label(), e.g. "linux/raw", "linux/entry patch/buffer"
  std::string benchmark;
  std::string statistic;
  std::vector<std::optional<CompareSeries>> cells;  // one per machine; empty where it was not run
};

struct MachineComparison {
  std::vector<Machine> machines;
  std::vector<MachineRow> rows;  // in the order the machines' folders first give them
  std::vector<std::string> notes;
  bool mixed_cycles = false;  // emulated and hardware machines share the axis
};

// The results folders of DIR: DIR itself when it has a summary.json, else every folder below it
// (three levels at most) that has one, without descending into a results folder; sorted.
// Throws CompareInputError when DIR is missing or holds none.
std::vector<std::filesystem::path> machine_results_folders(const std::filesystem::path& dir);

// Loads every results folder of DIR (load_compare_folder). Throws CompareInputError for a
// folder compare cannot use, or when DIR's folders come from different environments.
Machine load_machine(const std::filesystem::path& dir);

// Throws CompareInputError when two machines have the same name.
MachineComparison compare_machines(std::vector<Machine> machines);

// "2 mitigated, 1 vulnerable, 14 not affected" (the status word of each
// /sys/devices/system/cpu/vulnerabilities line); "unknown" when none was recorded.
std::string mitigations_summary(const Environment& environment);

// "NAME: CPU, kernel K, hypervisor H (or bare metal), KIND cycles, mitigations: SUMMARY"
std::string machine_line(const Machine& machine);

}  // namespace iprobe
