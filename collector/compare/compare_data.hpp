// Folder compare/: `collector compare`: reading many results folders (through the benchmark
// table's readers), checking that their cycles are comparable (compare_environment), and the
// comparison as a table and compare.csv (compare_table); app/compare_command draws the figure.
// Uses benchmarks/ (the readers) and results/.
//
// What one results folder contributes to the comparison: its environment and its series (one
// bar each, as its benchmark kind makes them: results/compare_series.hpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "results/compare_series.hpp"
#include "util/types.hpp"

namespace iprobe {

// A folder compare cannot use. what() is one complete line: the folder, what is wrong, what to do.
class CompareInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CompareFolder {
  std::string folder;
  Environment environment;
  std::vector<CompareSeries> series;
  std::vector<std::string> notes;  // variants left out (no usable run)
};

// The folder's own name ("b" for "a/b/" or "a/b"), for labels and titles that must stay short.
std::string folder_name(const std::string& folder);

// Reads DIR/summary.json. Throws CompareInputError for a missing folder, a missing or
// unreadable summary.json, an incomplete (interrupted) run or a run without any result.
CompareFolder load_compare_folder(const std::filesystem::path& dir);

}  // namespace iprobe
