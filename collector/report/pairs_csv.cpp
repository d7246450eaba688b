#include <algorithm>
#include <charconv>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "logs/stamp_line.hpp"
#include "pair/anatomy.hpp"
#include "report/report_output.hpp"

namespace iprobe {
namespace {

constexpr std::size_t kBufferBytes = std::size_t{1} << 20;
// Longest CSV line without the extra probes: two numbers of up to 10 characters, eight of up to
// 20, commas; each extra probe adds two numbers of up to 20 and two commas.
constexpr std::size_t kBaseLineBytes = 2 * 10 + 8 * 20 + 12;
constexpr std::size_t kExtraProbeBytes = 2 * 20 + 2;

// Writes value at out and returns the end of its digits; out has room for 20 characters.
template <typename T>
char* put_number(char* out, T value) {
  return std::to_chars(out, out + 20, value).ptr;
}

// ",value", or "," alone for an absent value (format-1 input).
template <typename T>
char* put_cell(char* out, const std::optional<T>& value) {
  *out++ = ',';
  return value ? put_number(out, *value) : out;
}

char* put_row(char* at, const Pair& pair, std::size_t index, std::span<const ExtraProbe> extra) {
  at = put_number(at, pair.seq);
  at = put_cell(at, std::optional<uint32_t>(pair.user_cpu));
  at = put_cell(at, std::optional<uint32_t>(pair.kernel_cpu));
  at = put_cell(at, std::optional<uint64_t>(pair.user_tsc));
  at = put_cell(at, pair.user_after);
  at = put_cell(at, std::optional<uint64_t>(pair.kernel_tsc));
  at = put_cell(at, pair.kernel_exit);
  for (const ExtraProbe& probe : extra) {
    const std::optional<ProbeCall>& call = probe.at_pair[index];
    at = put_cell(at, call ? std::optional<uint64_t>(call->enter) : std::nullopt);
    at = put_cell(at, call ? call->exit : std::nullopt);
  }
  const std::optional<CallAnatomy> anatomy = call_anatomy(pair);
  // entry is the delta, present for every pair; the other parts need all four stamps.
  at = put_cell(at, std::optional<int64_t>(pair.delta));
  at = put_cell(at, anatomy ? std::optional<int64_t>(anatomy->kernel) : std::nullopt);
  at = put_cell(at, anatomy ? std::optional<int64_t>(anatomy->exit) : std::nullopt);
  at = put_cell(at, anatomy ? std::optional<int64_t>(anatomy->round_trip) : std::nullopt);
  *at++ = '\n';
  return at;
}

}  // namespace

std::string pairs_csv_header(std::string_view primary, std::span<const ExtraProbe> extra) {
  const std::string p(primary);
  std::string header = "seq,cpu,kernel_cpu,u_before,u_after," + p + "_enter," + p + "_exit,";
  for (const ExtraProbe& probe : extra) {
    const std::string q(name(probe.source));
    header += q + "_enter," + q + "_exit,";
  }
  return header + "entry,kernel,exit,round_trip";
}

void write_pairs_csv(std::ostream& out, const PairsCsv& csv) {
  const std::string header = pairs_csv_header(csv.primary, csv.extra) + "\n";
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  // Formatted straight into one buffer: std::string appends were a fifth of the parse profile.
  const std::size_t max_line = kBaseLineBytes + csv.extra.size() * kExtraProbeBytes;
  std::vector<char> buffer(std::max(kBufferBytes, 2 * max_line));
  char* const begin = buffer.data();
  char* const flush_at = begin + buffer.size() - max_line;
  char* at = begin;
  for (std::size_t i = 0; i < csv.pairs.size(); ++i) {
    at = put_row(at, csv.pairs[i], i, csv.extra);
    if (at >= flush_at) {
      out.write(begin, at - begin);
      at = begin;
    }
  }
  out.write(begin, at - begin);
}

void write_pairs_csv(const std::filesystem::path& path, const PairsCsv& csv) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write pairs '" + path.string() + "'");
  write_pairs_csv(out, csv);
  out.flush();
  if (!out) throw std::runtime_error("error writing pairs '" + path.string() + "'");
}

}  // namespace iprobe
