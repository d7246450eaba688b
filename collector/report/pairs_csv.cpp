#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
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
// Longest CSV line without the extra probes: three numbers of up to 10 characters (seq, the two
// CPUs), eight of up to 20, ten commas and the newline; each extra probe adds two numbers of up to
// 20 and two commas. put_number may store up to 8 bytes past a number's end: kSlack more.
constexpr std::size_t kSlack = 8;
constexpr std::size_t kBaseLineBytes = 3 * 10 + 8 * 20 + 11 + kSlack;
constexpr std::size_t kExtraProbeBytes = 2 * 20 + 2;

constexpr uint64_t kEachByte = 0x0101010101010101;

// The eight decimal digits of value < 10^8 (leading zeros included) as ASCII, the first digit in
// the lowest byte: each step splits every lane in two, all lanes at once.
uint64_t eight_digits(uint64_t value) {
  const uint64_t halves = value / 10000 | (value % 10000) << 32;         // two 4-digit lanes
  const uint64_t high2 = ((halves * 10486) >> 20) & 0x0000007f0000007f;  // lane / 100
  const uint64_t quarters = high2 | (halves - 100 * high2) << 16;        // four 2-digit lanes
  const uint64_t high1 = ((quarters * 103) >> 10) & 0x000f000f000f000f;  // lane / 10
  return (high1 | (quarters - 10 * high1) << 8) + kEachByte * '0';
}

void store8(char* out, uint64_t bytes) {
  static_assert(std::endian::native == std::endian::little);
  std::memcpy(out, &bytes, sizeof bytes);
}

// Writes value at out in decimal and returns the end of its digits; out has room for 20
// characters and kSlack more. Eight digits at a time: std::to_chars was a fifth of the parse
// profile.
char* put_number(char* out, uint64_t value) {
  constexpr uint64_t k1e8 = 100'000'000;
  if (value < 10) {
    *out = static_cast<char>('0' + value);
    return out + 1;
  }
  if (value >= k1e8 * k1e8) {
    out = put_number(out, value / (k1e8 * k1e8));  // at most 4 digits
    value %= k1e8 * k1e8;
    store8(out, eight_digits(value / k1e8));
    store8(out + 8, eight_digits(value % k1e8));
    return out + 16;
  }
  uint64_t first = value;  // the leading group of up to 8 digits
  int groups = 0;
  while (first >= k1e8) {
    first /= k1e8;
    ++groups;
  }
  const uint64_t digits = eight_digits(first);
  const int zeros = std::countr_zero(digits ^ (kEachByte * '0')) / 8;  // first > 0
  store8(out, digits >> (8 * zeros));
  out += 8 - zeros;
  if (groups == 1) {
    store8(out, eight_digits(value % k1e8));
    out += 8;
  }
  return out;
}

char* put_number(char* out, uint32_t value) { return put_number(out, uint64_t{value}); }

char* put_number(char* out, int64_t value) {
  if (value >= 0) return put_number(out, static_cast<uint64_t>(value));
  *out++ = '-';
  return put_number(out, uint64_t{0} - static_cast<uint64_t>(value));
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
  at = put_cell(at, pair.user_after());
  at = put_cell(at, std::optional<uint64_t>(pair.kernel_tsc));
  at = put_cell(at, pair.kernel_exit());
  for (const ExtraProbe& probe : extra) {
    const std::optional<ProbeCall>& call = probe.at_pair[index];
    at = put_cell(at, call ? std::optional<uint64_t>(call->enter) : std::nullopt);
    at = put_cell(at, call ? call->exit : std::nullopt);
  }
  const std::optional<CallAnatomy> anatomy = call_anatomy(pair);
  // entry is the delta, present for every pair; the other parts need all four stamps.
  at = put_cell(at, std::optional<int64_t>(pair.delta()));
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
    const std::string q(source_name(probe.source));
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
