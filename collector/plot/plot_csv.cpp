#include "plot/plot_csv.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>
#include <string_view>
#include <system_error>

namespace iprobe {
namespace {

constexpr const char* kCorrupted =
    "; the file is corrupted — re-run the benchmark or restore it from raw/";

constexpr std::array<const char*, 9> kRunsFields = {
    "variant",   "run",     "iterations", "total_cycles", "cycles_per_call",
    "cpu_start", "cpu_end", "migrations", "errors"};
constexpr std::array<const char*, 7> kLegacyPairsFields = {
    "run", "seq", "cpu", "kernel_cpu", "user_tsc", "kernel_tsc", "delta"};

[[noreturn]] void fail_at(const std::string& name, uint64_t line, const std::string& what) {
  throw ResultsFileError(name + " line " + std::to_string(line) + ": " + what + kCorrupted);
}

std::string shown(std::string_view text) {
  constexpr std::size_t kMax = 60;
  if (text.size() <= kMax) return std::string(text);
  return std::string(text.substr(0, kMax)) + "...";
}

// Splits at commas into at most fields.size() views; returns the number of fields found.
template <std::size_t N>
std::size_t split(std::string_view line, std::array<std::string_view, N>& fields) {
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

// Reads lines; the reader checks the header with header_ok (expected names it in the message),
// then calls row(line_number, text) for each row. Handles CRLF, an empty file and a last line
// without its end of line (a file cut short).
template <typename HeaderOk, typename Row>
void for_each_row(std::istream& in, const std::string& name, HeaderOk&& header_ok,
                  const std::string& expected, Row&& row) {
  std::string line;
  uint64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (in.eof()) fail_at(name, number, "the last line has no end of line, the file was cut short");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1) {
      if (!header_ok(std::string_view(line)))
        fail_at(name, 1, "expected the header '" + expected + "', got '" + shown(line) + "'");
      continue;
    }
    if (line.empty()) fail_at(name, number, "empty line");
    row(number, std::string_view(line));
  }
  if (number == 0) throw ResultsFileError(name + " is empty" + kCorrupted);
}

template <typename Row>
void for_each_row(std::istream& in, const std::string& name, const char* header, Row&& row) {
  for_each_row(
      in, name, [header](std::string_view line) { return line == header; }, header, row);
}

template <typename T>
T parse_integer(std::string_view text, const std::string& name, uint64_t line, std::size_t index,
                const char* field, int base = 10) {
  T value{};
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(first, last, value, base);
  if (text.empty() || ec == std::errc::invalid_argument || end != last)
    fail_at(name, line,
            "field " + std::to_string(index + 1) + " (" + field + ") is not " +
                (base == 16 ? "a hex number" : "an integer") + ": '" + shown(text) + "'");
  if (ec == std::errc::result_out_of_range)
    fail_at(name, line,
            "field " + std::to_string(index + 1) + " (" + field + ") is out of range: '" +
                shown(text) + "'");
  return value;
}

double parse_nonnegative_double(std::string_view text, const std::string& name, uint64_t line,
                                std::size_t index, const char* field) {
  double value = 0;
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(text.data(), last, value);
  if (text.empty() || ec != std::errc() || end != last || !std::isfinite(value) || value < 0)
    fail_at(name, line,
            "field " + std::to_string(index + 1) + " (" + field +
                ") is not a non-negative number: '" + shown(text) + "'");
  return value;
}

bool valid_variant_name(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '+' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// What a pairs.csv header says about its rows: the current columns (issue 12: a pair of columns
// per probe), or the ones before format 2 (results folders written earlier).
struct PairsLayout {
  bool legacy = false;
  std::size_t fields = 0;
};

constexpr std::size_t kMaxPairsFields = 64;  // up to 26 extra probes: far more than exist

std::optional<PairsLayout> pairs_layout(std::string_view header) {
  if (header == kLegacyPairsCsvHeader) return PairsLayout{true, kLegacyPairsFields.size()};
  constexpr std::string_view kHead = "seq,cpu,kernel_cpu,u_before,u_after,";
  constexpr std::string_view kTail = ",entry,kernel,exit,round_trip";
  if (!header.starts_with(kHead) || !header.ends_with(kTail)) return std::nullopt;
  const auto fields = static_cast<std::size_t>(std::count(header.begin(), header.end(), ',')) + 1;
  // head 5, primary 2, two per extra probe, tail 4
  if (fields < 11 || fields > kMaxPairsFields || (fields - 11) % 2 != 0) return std::nullopt;
  return PairsLayout{false, fields};
}

// The columns the plots need from a row.
struct PairsRow {
  uint32_t cpu = 0;
  uint32_t kernel_cpu = 0;
  int64_t entry = 0;
};

PairsRow legacy_pairs_row(std::string_view text, const std::string& name, uint64_t line) {
  std::array<std::string_view, kLegacyPairsFields.size()> f;
  const std::size_t count = split(text, f);
  if (count != f.size())
    fail_at(name, line,
            "expected " + std::to_string(f.size()) + " fields, got " + std::to_string(count));
  const auto& names = kLegacyPairsFields;
  parse_integer<uint32_t>(f[0], name, line, 0, names[0], 16);
  parse_integer<uint64_t>(f[1], name, line, 1, names[1]);
  PairsRow row;
  row.cpu = parse_integer<uint32_t>(f[2], name, line, 2, names[2]);
  row.kernel_cpu = parse_integer<uint32_t>(f[3], name, line, 3, names[3]);
  const auto user_tsc = parse_integer<uint64_t>(f[4], name, line, 4, names[4]);
  const auto kernel_tsc = parse_integer<uint64_t>(f[5], name, line, 5, names[5]);
  row.entry = parse_integer<int64_t>(f[6], name, line, 6, names[6]);
  if (static_cast<int64_t>(kernel_tsc - user_tsc) != row.entry)
    fail_at(name, line,
            "delta " + std::to_string(row.entry) + " is not kernel_tsc - user_tsc (" +
                std::to_string(static_cast<int64_t>(kernel_tsc - user_tsc)) + ")");
  return row;
}

PairsRow pairs_row(std::string_view text, const std::string& name, uint64_t line,
                   std::size_t fields) {
  std::array<std::string_view, kMaxPairsFields> f;
  const std::size_t count = split(text, f);
  if (count != fields)
    fail_at(name, line,
            "expected " + std::to_string(fields) + " fields, got " + std::to_string(count));
  parse_integer<uint64_t>(f[0], name, line, 0, "seq");
  PairsRow row;
  row.cpu = parse_integer<uint32_t>(f[1], name, line, 1, "cpu");
  row.kernel_cpu = parse_integer<uint32_t>(f[2], name, line, 2, "kernel_cpu");
  const auto before = parse_integer<uint64_t>(f[3], name, line, 3, "u_before");
  const auto enter = parse_integer<uint64_t>(f[5], name, line, 5, "primary probe's enter");
  row.entry = parse_integer<int64_t>(f[fields - 4], name, line, fields - 4, "entry");
  if (static_cast<int64_t>(enter - before) != row.entry)
    fail_at(name, line,
            "entry " + std::to_string(row.entry) + " is not the enter stamp - u_before (" +
                std::to_string(static_cast<int64_t>(enter - before)) + ")");
  return row;
}

std::ifstream open_results_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ResultsFileError("cannot open " + path.string() + ": " +
                           std::generic_category().message(errno));
  return in;
}

}  // namespace

std::vector<RoundtripRun> parse_runs_csv(std::istream& in, const std::string& name) {
  std::vector<RoundtripRun> runs;
  for_each_row(in, name, kRunsCsvHeader, [&](uint64_t line, std::string_view text) {
    std::array<std::string_view, kRunsFields.size()> f;
    const std::size_t count = split(text, f);
    if (count != f.size())
      fail_at(name, line,
              "expected " + std::to_string(f.size()) + " fields, got " + std::to_string(count));
    if (!valid_variant_name(f[0]))
      fail_at(name, line,
              "field 1 (variant) must be a name of letters, digits, '.', '_', '+', '-', got '" +
                  shown(f[0]) + "'");
    RoundtripRun r;
    r.variant = std::string(f[0]);
    r.run = parse_integer<uint64_t>(f[1], name, line, 1, kRunsFields[1]);
    r.iterations = parse_integer<uint64_t>(f[2], name, line, 2, kRunsFields[2]);
    r.total_cycles = parse_integer<uint64_t>(f[3], name, line, 3, kRunsFields[3]);
    r.cycles_per_call = parse_nonnegative_double(f[4], name, line, 4, kRunsFields[4]);
    r.cpu_start = parse_integer<uint32_t>(f[5], name, line, 5, kRunsFields[5]);
    r.cpu_end = parse_integer<uint32_t>(f[6], name, line, 6, kRunsFields[6]);
    r.migrations = parse_integer<uint32_t>(f[7], name, line, 7, kRunsFields[7]);
    r.errors = parse_integer<uint32_t>(f[8], name, line, 8, kRunsFields[8]);
    runs.push_back(std::move(r));
  });
  return runs;
}

EntrySamples parse_pairs_csv(std::istream& in, const std::string& name) {
  EntrySamples samples;
  std::optional<PairsLayout> layout;
  const auto header_ok = [&layout](std::string_view header) {
    layout = pairs_layout(header);
    return layout.has_value();
  };
  for_each_row(in, name, header_ok, kPairsCsvHeaderShape,
               [&](uint64_t line, std::string_view text) {
                 const PairsRow row = layout->legacy ? legacy_pairs_row(text, name, line)
                                                     : pairs_row(text, name, line, layout->fields);
                 ++samples.rows;
                 if (row.cpu != row.kernel_cpu) {
                   ++samples.cross_cpu;
                   return;
                 }
                 if (row.entry < 0) ++samples.negative;
                 samples.same_cpu_deltas.push_back(row.entry);
               });
  return samples;
}

std::vector<RoundtripRun> read_runs_csv(const std::filesystem::path& path) {
  std::ifstream in = open_results_file(path);
  return parse_runs_csv(in, path.string());
}

EntrySamples read_pairs_csv(const std::filesystem::path& path) {
  std::ifstream in = open_results_file(path);
  return parse_pairs_csv(in, path.string());
}

}  // namespace iprobe
