#include "results/csv_rows.hpp"

#include <cerrno>
#include <cmath>
#include <system_error>

namespace iprobe {

void csv_fail(const std::string& name, uint64_t line, const std::string& what) {
  throw ResultsFileError(name + " line " + std::to_string(line) + ": " + what +
                         "; the file is corrupted — re-run the benchmark or restore it from raw/");
}

std::string csv_shown(std::string_view text) {
  constexpr std::size_t kMax = 60;
  if (text.size() <= kMax) return std::string(text);
  return std::string(text.substr(0, kMax)) + "...";
}

std::ifstream open_results_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ResultsFileError("cannot open " + path.string() + ": " +
                           std::generic_category().message(errno));
  return in;
}

double csv_nonnegative_double(std::string_view text, const std::string& name, uint64_t line,
                              std::size_t index, const char* field) {
  double value = 0;
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(text.data(), last, value);
  if (text.empty() || ec != std::errc() || end != last || !std::isfinite(value) || value < 0)
    csv_fail(name, line,
             "field " + std::to_string(index + 1) + " (" + field +
                 ") is not a non-negative number: '" + csv_shown(text) + "'");
  return value;
}

}  // namespace iprobe
