// Reading the CSV files of a results folder back (pairs.csv, runs.csv): rows split at commas,
// numbers checked field by field, every problem one line naming the file, the line and what to
// do (ResultsFileError).
#pragma once

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <istream>
#include <string>
#include <string_view>

#include "results/results.hpp"

namespace iprobe {

// Throws ResultsFileError "NAME line LINE: WHAT; the file is corrupted ...".
[[noreturn]] void csv_fail(const std::string& name, uint64_t line, const std::string& what);
// text for a message, cut after 60 characters.
std::string csv_shown(std::string_view text);
// Opens a results file; ResultsFileError when it cannot be opened.
std::ifstream open_results_file(const std::filesystem::path& path);
double csv_nonnegative_double(std::string_view text, const std::string& name, uint64_t line,
                              std::size_t index, const char* field);

// Splits at commas into at most N views; returns the number of fields found.
template <std::size_t N>
std::size_t csv_split(std::string_view line, std::array<std::string_view, N>& fields) {
  std::size_t count = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    const std::string_view field = line.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (count < N) fields[count] = field;
    ++count;
    if (comma == std::string_view::npos) return count;
    start = comma + 1;
  }
}

// Reads lines; checks the header with header_ok (`expected` names it in the message), then calls
// row(line_number, text) for each row. Handles CRLF, an empty file and a last line without its
// end of line (a file cut short).
template <typename HeaderOk, typename Row>
void for_each_csv_row(std::istream& in, const std::string& name, HeaderOk&& header_ok,
                      const std::string& expected, Row&& row) {
  std::string line;
  uint64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (in.eof())
      csv_fail(name, number, "the last line has no end of line, the file was cut short");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1) {
      if (!header_ok(std::string_view(line)))
        csv_fail(name, 1, "expected the header '" + expected + "', got '" + csv_shown(line) + "'");
      continue;
    }
    if (line.empty()) csv_fail(name, number, "empty line");
    row(number, std::string_view(line));
  }
  if (number == 0)
    throw ResultsFileError(name +
                           " is empty; the file is corrupted — re-run the benchmark or restore it "
                           "from raw/");
}

template <typename Row>
void for_each_csv_row(std::istream& in, const std::string& name, const char* header, Row&& row) {
  for_each_csv_row(
      in, name, [header](std::string_view line) { return line == header; }, header, row);
}

template <typename T>
T csv_integer(std::string_view text, const std::string& name, uint64_t line, std::size_t index,
              const char* field, int base = 10) {
  T value{};
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(first, last, value, base);
  if (text.empty() || ec == std::errc::invalid_argument || end != last)
    csv_fail(name, line,
             "field " + std::to_string(index + 1) + " (" + field + ") is not " +
                 (base == 16 ? "a hex number" : "an integer") + ": '" + csv_shown(text) + "'");
  if (ec == std::errc::result_out_of_range)
    csv_fail(name, line,
             "field " + std::to_string(index + 1) + " (" + field + ") is out of range: '" +
                 csv_shown(text) + "'");
  return value;
}

}  // namespace iprobe
