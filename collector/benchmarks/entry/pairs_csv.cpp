// pairs.csv of an entry-latency run: written from the pairs, read back for the figures.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "benchmarks/entry/entry_results.hpp"
#include "pair/anatomy.hpp"
#include "pair/statistics.hpp"
#include "results/csv_rows.hpp"

namespace iprobe {
namespace {

constexpr std::size_t kBlockRows = std::size_t{1} << 15;  // rows formatted into one buffer
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
    const std::string q = name(probe.source);
    header += q + "_enter," + q + "_exit,";
  }
  return header + "entry,kernel,exit,round_trip";
}

void write_pairs_csv(std::ostream& out, const EntryPairs& csv) {
  const std::string header = pairs_csv_header(csv.primary, csv.extra) + "\n";
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  // Formatted straight into buffers (std::string appends were a fifth of the parse profile), a
  // block of rows each. Formatting is most of a large run's output time: a second thread formats
  // every other block while this one formats the rest and writes all of them in order.
  const std::size_t max_line = kBaseLineBytes + csv.extra.size() * kExtraProbeBytes;
  const std::size_t rows = csv.pairs.size();
  const auto format_block = [&csv, rows](std::size_t first, std::vector<char>& buffer) {
    char* at = buffer.data();
    for (std::size_t i = first; i < std::min(first + kBlockRows, rows); ++i) {
      at = put_row(at, csv.pairs[i], i, csv.extra);
    }
    return static_cast<std::streamsize>(at - buffer.data());
  };
  std::vector<char> ours(std::min(rows, kBlockRows) * max_line);
  std::vector<char> theirs(rows > kBlockRows ? ours.size() : 0);
  for (std::size_t first = 0; first < rows; first += 2 * kBlockRows) {
    std::future<std::streamsize> other;
    if (first + kBlockRows < rows) {
      other = std::async(std::launch::async, format_block, first + kBlockRows, std::ref(theirs));
    }
    out.write(ours.data(), format_block(first, ours));
    if (other.valid()) out.write(theirs.data(), other.get());
  }
}

namespace {

constexpr std::array<const char*, 7> kLegacyPairsFields = {
    "run", "seq", "cpu", "kernel_cpu", "user_tsc", "kernel_tsc", "delta"};

// What a pairs.csv header says about its rows: the current columns (a pair of columns per
// probe), or the ones before format 2 (results folders written earlier).
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

// The columns the figures need from a row.
struct PairsRow {
  uint32_t cpu = 0;
  uint32_t kernel_cpu = 0;
  int64_t entry = 0;
};

PairsRow legacy_pairs_row(std::string_view text, const std::string& name, uint64_t line) {
  std::array<std::string_view, kLegacyPairsFields.size()> f;
  const std::size_t count = csv_split(text, f);
  if (count != f.size())
    csv_fail(name, line,
             "expected " + std::to_string(f.size()) + " fields, got " + std::to_string(count));
  const auto& names = kLegacyPairsFields;
  csv_integer<uint32_t>(f[0], name, line, 0, names[0], 16);
  csv_integer<uint64_t>(f[1], name, line, 1, names[1]);
  PairsRow row;
  row.cpu = csv_integer<uint32_t>(f[2], name, line, 2, names[2]);
  row.kernel_cpu = csv_integer<uint32_t>(f[3], name, line, 3, names[3]);
  const auto user_tsc = csv_integer<uint64_t>(f[4], name, line, 4, names[4]);
  const auto kernel_tsc = csv_integer<uint64_t>(f[5], name, line, 5, names[5]);
  row.entry = csv_integer<int64_t>(f[6], name, line, 6, names[6]);
  if (static_cast<int64_t>(kernel_tsc - user_tsc) != row.entry)
    csv_fail(name, line,
             "delta " + std::to_string(row.entry) + " is not kernel_tsc - user_tsc (" +
                 std::to_string(static_cast<int64_t>(kernel_tsc - user_tsc)) + ")");
  return row;
}

PairsRow pairs_row(std::string_view text, const std::string& name, uint64_t line,
                   std::size_t fields) {
  std::array<std::string_view, kMaxPairsFields> f;
  const std::size_t count = csv_split(text, f);
  if (count != fields)
    csv_fail(name, line,
             "expected " + std::to_string(fields) + " fields, got " + std::to_string(count));
  csv_integer<uint64_t>(f[0], name, line, 0, "seq");
  PairsRow row;
  row.cpu = csv_integer<uint32_t>(f[1], name, line, 1, "cpu");
  row.kernel_cpu = csv_integer<uint32_t>(f[2], name, line, 2, "kernel_cpu");
  const auto before = csv_integer<uint64_t>(f[3], name, line, 3, "u_before");
  const auto enter = csv_integer<uint64_t>(f[5], name, line, 5, "primary probe's enter");
  row.entry = csv_integer<int64_t>(f[fields - 4], name, line, fields - 4, "entry");
  if (static_cast<int64_t>(enter - before) != row.entry)
    csv_fail(name, line,
             "entry " + std::to_string(row.entry) + " is not the enter stamp - u_before (" +
                 std::to_string(static_cast<int64_t>(enter - before)) + ")");
  return row;
}

}  // namespace

EntrySamples parse_pairs_csv(std::istream& in, const std::string& name) {
  EntrySamples samples;
  std::optional<PairsLayout> layout;
  const auto header_ok = [&layout](std::string_view header) {
    layout = pairs_layout(header);
    return layout.has_value();
  };
  for_each_csv_row(
      in, name, header_ok, kPairsCsvHeaderShape, [&](uint64_t line, std::string_view text) {
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
  sort_latencies(samples.same_cpu_deltas);
  return samples;
}

EntrySamples read_pairs_csv(const std::filesystem::path& path) {
  std::ifstream in = open_results_file(path);
  return parse_pairs_csv(in, path.string());
}

}  // namespace iprobe
