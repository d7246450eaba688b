#include "benchmarks/loop_runs/loop_programs.hpp"

#include <unistd.h>

#include <stdexcept>

#include "util/file_util.hpp"

namespace fs = std::filesystem;

namespace iprobe {

LoopPrograms find_loop_programs(const LoopProgramSearch& s) {
  const fs::path dir =
      !s.dir.empty() || s.names.empty() ? s.dir : find_program_dir(s.program(s.names.front()));
  LoopPrograms found;
  for (const std::string& name : s.names) {
    const fs::path program = dir / s.program(name);
    if (::access(program.c_str(), X_OK) == 0) {
      found.present.emplace_back(name, program);
      continue;
    }
    const std::string hint = s.hint(name);
    if (s.names_explicit)
      throw std::runtime_error(s.what + " " + name + ": " + program.string() +
                               " is missing or not executable: " + hint);
    found.missing.push_back(name);
    found.warnings.push_back(s.what + " " + name + " skipped: " + program.string() +
                             " is missing (" + hint + ")");
  }
  if (found.present.empty())
    throw std::runtime_error("no " + s.what + " program found in " + dir.string() +
                             ": build the userspace-loop targets or pass --variant-dir");
  return found;
}

}  // namespace iprobe
