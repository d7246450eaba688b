#include "suite/suite_compare.hpp"

#include <map>

#include "compare/compare_environment.hpp"

namespace iprobe {
namespace {

bool compares_with(const std::vector<CompareFolder>& folders, const CompareGroup& group,
                   std::size_t candidate) {
  std::vector<CompareFolder> together;
  for (const std::size_t i : group.members) together.push_back(folders[i]);
  together.push_back(folders[candidate]);
  return environment_differences(together).empty();
}

}  // namespace

std::vector<CompareGroup> compare_groups(const std::vector<CompareFolder>& folders) {
  std::vector<CompareGroup> groups;
  for (std::size_t i = 0; i < folders.size(); ++i) {
    bool placed = false;
    for (CompareGroup& group : groups) {
      if (!compares_with(folders, group, i)) continue;
      group.members.push_back(i);
      placed = true;
      break;
    }
    if (!placed) groups.push_back({"", cycle_kind(folders[i].environment), {i}});
  }
  std::map<std::string, int> uses;
  for (CompareGroup& group : groups) {
    const std::string base =
        "compare-" + std::string(group.cycles == "hardware" ? "hardware" : "emulated");
    const int n = ++uses[base];
    group.folder = n == 1 ? base : base + "-" + std::to_string(n);
  }
  return groups;
}

}  // namespace iprobe
