// `--benchmark roundtrip --scenario linux`: runs the loop variants on the running kernel.
// Needs no root and no probe: the loops time their own ioctl calls.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "collector/run_options.hpp"

namespace iprobe {

struct VariantPrograms {
  std::vector<std::pair<std::string, std::filesystem::path>> present;  // {variant, program}
  std::vector<std::string> missing;
  std::vector<std::string> warnings;  // one per missing program
};

// Looks up loop-<variant> in `dir` ("" = next to the running collector) for every variant of
// options.variants. Throws std::runtime_error when a variant named explicitly is missing, or
// when none at all is present.
VariantPrograms find_variant_programs(const RunOptions& options);

// Runs every present variant options.runs times (one process per run, interleaved: run 1 of
// every variant, then run 2, ...), keeps each stdout in DIR/raw/<variant>-<run>.log and its
// stderr in DIR/raw/<variant>-<run>.err, writes DIR/raw/environment.txt and
// DIR/raw/run-warnings.txt, then the report. Returns the exit status.
int run_roundtrip_linux(const RunOptions& options);

}  // namespace iprobe
