// Which of a suite's runs share a compare figure: runs whose cycles compare (no environment
// difference that `collector compare` refuses on without --mixed), so emulated and hardware
// cycles are never drawn together. Each group becomes DIR/compare-hardware/,
// DIR/compare-emulated/ (-2, -3, ... when one kind of cycles needs several), drawn by `collector
// compare` itself (app/suite_command).
#pragma once

#include <string>
#include <vector>

#include "compare/compare_data.hpp"

namespace iprobe {

struct CompareGroup {
  std::string folder;                // compare-hardware
  std::string cycles;                // cycle_kind() of its runs
  std::vector<std::size_t> members;  // indices into the folders given, in their order
};

// Each folder joins the first group it shares every compared field with.
std::vector<CompareGroup> compare_groups(const std::vector<CompareFolder>& folders);

}  // namespace iprobe
