#include "compare/machine_comparison.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <utility>

#include "compare/compare_environment.hpp"

namespace iprobe {
namespace fs = std::filesystem;
namespace {

// A fleet host's folder holds a suite's folder holding the runs: three levels are enough, and
// the bound keeps a mistaken DIR (a home folder) from being walked whole.
constexpr int kMaxDepth = 3;

void collect_results_folders(const fs::path& dir, int depth, std::vector<fs::path>& out) {
  std::error_code ec;
  if (fs::is_regular_file(dir / "summary.json", ec)) {
    out.push_back(dir);
    return;
  }
  if (depth >= kMaxDepth) return;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec))
    if (entry.is_directory(ec) && !entry.is_symlink(ec))
      collect_results_folders(entry.path(), depth + 1, out);
}

std::string series_key(const CompareSeries& s) { return s.benchmark + '\n' + s.label(); }

}  // namespace

std::vector<fs::path> machine_results_folders(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw CompareInputError(dir.string() +
                            ": is not a directory; give one folder per machine (its results "
                            "folder, or the folder of its suite or of its fleet host)");
  std::vector<fs::path> out;
  collect_results_folders(dir, 0, out);
  if (out.empty())
    throw CompareInputError(dir.string() +
                            ": holds no results folder (no summary.json in it or up to 3 "
                            "levels below); give one folder per machine");
  std::sort(out.begin(), out.end());
  return out;
}

Machine load_machine(const fs::path& dir) {
  Machine m;
  m.folder = dir.string();
  m.name = folder_name(m.folder);
  for (const fs::path& folder : machine_results_folders(dir))
    m.runs.push_back(load_compare_folder(folder));
  const std::vector<EnvironmentDifference> differences = environment_differences(m.runs);
  if (!differences.empty())
    throw CompareInputError(m.folder + ": its results folders are not of one machine: " +
                            describe_difference(differences.front()) +
                            "; give each machine's folders as a DIR of their own");
  m.environment = m.runs.front().environment;
  return m;
}

MachineComparison compare_machines(std::vector<Machine> machines) {
  MachineComparison c;
  std::set<std::string> names;
  std::set<std::string> kinds;
  for (const Machine& m : machines) {
    if (!names.insert(m.name).second)
      throw CompareInputError("two machines are named " + m.name + " (" + m.folder +
                              "): give folders whose last names differ, one per machine");
    kinds.insert(cycle_kind(m.environment));
  }
  c.mixed_cycles = kinds.size() > 1;
  std::map<std::string, std::size_t> row_of;
  for (std::size_t i = 0; i < machines.size(); ++i)
    for (const CompareFolder& folder : machines[i].runs) {
      for (const std::string& note : folder.notes) c.notes.push_back(note);
      for (const CompareSeries& s : folder.series) {
        const auto [it, added] = row_of.try_emplace(series_key(s), c.rows.size());
        if (added)
          c.rows.push_back({s.label(), s.benchmark, s.statistic, {machines.size(), std::nullopt}});
        std::optional<CompareSeries>& cell = c.rows[it->second].cells[i];
        if (cell) {
          c.notes.push_back(machines[i].name + ": " + s.label() + " also in " + s.folder +
                            ": the first, from " + cell->folder + ", is shown");
          continue;
        }
        cell = s;
      }
    }
  c.machines = std::move(machines);
  return c;
}

std::string mitigations_summary(const Environment& e) {
  if (e.mitigations.empty()) return "unknown";
  // Counted in this order; a line is the first of these it matches.
  std::array<std::pair<const char*, int>, 4> counts{
      {{"not affected", 0}, {"vulnerable", 0}, {"mitigated", 0}, {"other", 0}}};
  for (const auto& [name, line] : e.mitigations) {
    if (line.starts_with("Not affected")) {
      ++counts[0].second;
    } else if (line.starts_with("Vulnerable") || line.starts_with("Processor vulnerable")) {
      ++counts[1].second;
    } else if (line.find("Mitigation") != std::string::npos) {
      ++counts[2].second;
    } else {
      ++counts[3].second;
    }
  }
  std::string out;
  for (const auto& [what, n] : {counts[2], counts[1], counts[0], counts[3]})
    if (n > 0) out += (out.empty() ? "" : ", ") + std::to_string(n) + ' ' + what;
  return out;
}

std::string machine_line(const Machine& m) {
  const Environment& e = m.environment;
  return m.name + ": " + (e.cpu_model.empty() ? "unknown CPU" : e.cpu_model) + ", kernel " +
         (e.kernel.empty() ? "unknown" : e.kernel) + ", " +
         (e.hypervisor.empty() ? "bare metal" : "hypervisor " + e.hypervisor) + ", " +
         cycle_kind(e) + " cycles, mitigations: " + mitigations_summary(e);
}

}  // namespace iprobe
