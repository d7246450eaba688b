// Finding the loop programs of a kind's series (round-trip variants, interposition mechanisms)
// in one folder: build/bin/, the package's libexec folder, or the guest's /bin/.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace iprobe {

struct LoopPrograms {
  std::vector<std::pair<std::string, std::filesystem::path>> present;  // {series, program}
  std::vector<std::string> missing;
  std::vector<std::string> warnings;  // one per missing program
};

struct LoopProgramSearch {
  std::vector<std::string> names;                          // the series, in run order
  std::function<std::string(const std::string&)> program;  // a series' program file name
  std::function<std::string(const std::string&)> hint;     // how to get a missing one
  std::filesystem::path dir;    // "" = where the first program is, next to the collector or in
                                // its libexec folder
  bool names_explicit = false;  // named by the user: a missing program is an error
  std::string what;             // "variant", "mechanism": how messages name a series
};

// Throws std::runtime_error when a series named explicitly is missing, or when none at all is
// present.
LoopPrograms find_loop_programs(const LoopProgramSearch& search);

}  // namespace iprobe
