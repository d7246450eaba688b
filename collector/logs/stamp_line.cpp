#include "logs/stamp_line.hpp"

#include <array>
#include <cstddef>
#include <cstring>
#include <limits>
#include <type_traits>

#include "ioctl_probe/ioctl_probe.h"
#include "logs/line_bytes.hpp"
#include "logs/plain_stamp.hpp"

namespace iprobe {
namespace {

constexpr std::string_view kTag = "ioprobe ";
constexpr std::size_t kMaxFields = 10;

// The newest format this parser reads is the one the contract header prints.
static_assert(IOPROBE_FORMAT_VERSION == kFormatWithExit);

using R = RejectReason;

// Every reason's stable name (summary.json) and human text, indexed by RejectReason.
struct ReasonText {
  std::string_view name;
  std::string_view text;
};
constexpr std::array<ReasonText, kRejectReasonCount> kReasons{{
    {"missing_fields", "missing fields"},
    {"extra_fields", "extra fields"},
    {"not_a_number", "non-numeric field"},
    {"overflow", "number out of range for its field"},
    {"bad_source", "unknown source (expected patch, module, hermitux or tracepoint)"},
    {"bad_run_id", "run id is not 8 hex digits"},
    {"bad_key", "unexpected key"},
    {"bad_terminator", "mark line does not end with 'end'"},
    {"unknown_kind", "unknown record kind"},
    {"nul_byte", "NUL byte in the line"},
    {"invalid_utf8", "bytes that are not UTF-8 in the line"},
    {"control_char", "control or non-ASCII character in the line"},
    {"overlong", "line longer than the line cap"},
    {"truncated", "last line of the log has no newline (cut mid-line)"},
    {"no_record_header", "line without a /dev/kmsg record header in a raw kmsg log"},
    {"embedded_tag", "tag in the middle of the message, not at its start"},
}};

constexpr std::size_t index_of(R reason) { return static_cast<std::size_t>(reason); }

// Space separated fields of the text after the tag. Runs of spaces count as one separator.
struct Fields {
  std::array<std::string_view, kMaxFields> items{};
  std::size_t count = 0;
  bool too_many = false;
};

Fields split_fields(std::string_view text) {
  Fields fields;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && text[pos] == ' ') ++pos;
    if (pos == text.size()) break;
    std::size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    if (fields.count == kMaxFields) {
      fields.too_many = true;
      break;
    }
    fields.items[fields.count++] = text.substr(pos, end - pos);
    pos = end;
  }
  return fields;
}

// Failure of one field check; nullopt is success.
using Check = std::optional<RejectReason>;

// Value of one digit in base Base (10 or 16), or -1 for a character that is not one.
template <int Base>
constexpr int digit_value(char c) {
  const auto decimal = static_cast<unsigned>(c - '0');
  if (decimal < 10) return static_cast<int>(decimal);
  if constexpr (Base == 16) {
    const auto lower = static_cast<unsigned>((c | 0x20) - 'a');  // 'A'..'F' folded to 'a'..'f'
    if (lower < 6) return static_cast<int>(lower) + 10;
  }
  return -1;
}

// Digits of base Base that always fit in an unsigned T: the largest d with Base^d - 1 <= max
// (9 decimal or 8 hex digits in 32 bits).
__extension__ using Wide = unsigned __int128;  // holds Base^d for every d below
template <int Base, typename T>
constexpr std::size_t safe_digits() {
  std::size_t digits = 0;
  for (Wide power = Base; power - 1 <= std::numeric_limits<T>::max(); power *= Base) {
    ++digits;
  }
  return digits;
}
static_assert(safe_digits<10, uint32_t>() == 9 && safe_digits<16, uint32_t>() == 8 &&
              safe_digits<10, uint64_t>() == 19 && safe_digits<16, uint64_t>() == 16);

// Parses the whole of text as an integer of type T in base Base (10 or 16), as std::from_chars
// would: no prefix, a leading '-' only for signed T. Any other character makes it not a number;
// only digits all the way that do not fit in T are an overflow. A plain loop, with overflow
// checks only for long numbers: std::from_chars was the top of the parse profile.
template <int Base = 10, typename T>
Check parse_number(std::string_view text, T& out) {
  if constexpr (std::is_signed_v<T>) {
    using U = std::make_unsigned_t<T>;
    const bool negative = text.starts_with('-');
    U magnitude = 0;
    if (const Check check = parse_number<Base>(text.substr(negative ? 1 : 0), magnitude)) {
      return check;
    }
    const U limit = static_cast<U>(std::numeric_limits<T>::max()) + (negative ? 1U : 0U);
    if (magnitude > limit) return R::kOverflow;
    out = static_cast<T>(negative ? U{0} - magnitude : magnitude);
    return std::nullopt;
  } else {
    if (text.empty()) return R::kNotNumber;
    T value = 0;
    bool overflow = false;
    const bool checked = text.size() > safe_digits<Base, T>();
    for (const char c : text) {
      const int digit = digit_value<Base>(c);
      if (digit < 0) return R::kNotNumber;
      if (!checked) {
        value = static_cast<T>(value * Base + static_cast<T>(digit));
      } else {
        overflow = overflow || __builtin_mul_overflow(value, static_cast<T>(Base), &value) ||
                   __builtin_add_overflow(value, static_cast<T>(digit), &value);
      }
    }
    if (overflow) return R::kOverflow;
    out = value;
    return std::nullopt;
  }
}

Check parse_run_id(std::string_view text, uint32_t& out) {
  if (text.size() != 8) return R::kBadRunId;
  return parse_number<16>(text, out) ? Check{R::kBadRunId} : std::nullopt;
}

// "key=<number>" with the expected key.
template <typename T>
Check parse_keyed(std::string_view field, std::string_view key, T& out) {
  if (field.size() <= key.size() || !field.starts_with(key) || field[key.size()] != '=') {
    return R::kBadKey;
  }
  return parse_number(field.substr(key.size() + 1), out);
}

Check parse_source(std::string_view text, Probe& out) {
  const std::optional<Probe> probe = value_in(kProbeNames, text);
  if (!probe) return R::kBadSource;
  out = *probe;
  return std::nullopt;
}

Check check_count(const Fields& fields, std::size_t expected) {
  if (fields.too_many || fields.count > expected) return R::kExtraFields;
  if (fields.count < expected) return R::kMissingFields;
  return std::nullopt;
}

// Records that format 2 extends by one trailing field: format 1 has `entry_only` fields, format
// 2 one more. Either count is fine; the line is read on its own terms.
Check check_count_v1_or_v2(const Fields& fields, std::size_t entry_only) {
  return check_count(fields, fields.count > entry_only ? entry_only + 1 : entry_only);
}

// The trailing format-2 number (k_exit, u_after) at index, when the line has it.
Check parse_optional_tsc(const Fields& fields, std::size_t index, std::optional<uint64_t>& out) {
  if (fields.count <= index) return std::nullopt;
  uint64_t value = 0;
  if (const Check check = parse_number(fields.items[index], value)) return check;
  out = value;
  return std::nullopt;
}

Malformed malformed(LineKind kind, RejectReason code) {
  return Malformed{kind, kReasons[index_of(code)].text, code};
}

// Each parser returns either the record or a Malformed with its reason. The first failing
// check wins, so the reason names the first wrong field.
#define IPROBE_CHECK(kind, expr)               \
  do {                                         \
    if (const Check check_ = (expr); check_) { \
      return malformed((kind), *check_);       \
    }                                          \
  } while (false)

ParsedLine parse_kernel(const Fields& f) {
  constexpr LineKind kind = LineKind::kKernel;
  IPROBE_CHECK(kind, check_count_v1_or_v2(f, 6));
  KernelStamp stamp;
  IPROBE_CHECK(kind, parse_source(f.items[1], stamp.source));
  IPROBE_CHECK(kind, parse_run_id(f.items[2], stamp.run));
  IPROBE_CHECK(kind, parse_number(f.items[3], stamp.seq));
  IPROBE_CHECK(kind, parse_number(f.items[4], stamp.cpu));
  IPROBE_CHECK(kind, parse_number(f.items[5], stamp.tsc));
  IPROBE_CHECK(kind, parse_optional_tsc(f, 6, stamp.tsc_exit));
  return stamp;
}

ParsedLine parse_user(const Fields& f) {
  constexpr LineKind kind = LineKind::kUser;
  IPROBE_CHECK(kind, check_count_v1_or_v2(f, 5));
  UserStamp stamp;
  IPROBE_CHECK(kind, parse_run_id(f.items[1], stamp.run));
  IPROBE_CHECK(kind, parse_number(f.items[2], stamp.seq));
  IPROBE_CHECK(kind, parse_number(f.items[3], stamp.cpu));
  IPROBE_CHECK(kind, parse_number(f.items[4], stamp.tsc));
  IPROBE_CHECK(kind, parse_optional_tsc(f, 5, stamp.tsc_after));
  return stamp;
}

Check parse_cmd(std::string_view field, uint32_t& out) {
  constexpr std::string_view kKey = "cmd=";
  if (field.substr(0, kKey.size()) != kKey) return R::kBadKey;
  std::string_view value = field.substr(kKey.size());
  // printf's %#x prints "0" for zero and "0x..." otherwise.
  if (value.size() > 2 && value[0] == '0' && (value[1] == 'x' || value[1] == 'X')) {
    value.remove_prefix(2);
  }
  return parse_number<16>(value, out);
}

// "format=<n>" ending a run header since format 2; absent means format 1. A version the
// collector does not know is out of range: its stamp lines could not be trusted.
Check parse_format(const Fields& f, uint32_t& out) {
  if (f.count < 8) return std::nullopt;
  if (const Check check = parse_keyed(f.items[7], "format", out)) return check;
  if (out < kFormatEntryOnly || out > kFormatWithExit) return R::kOverflow;
  return std::nullopt;
}

ParsedLine parse_run(const Fields& f) {
  constexpr LineKind kind = LineKind::kRun;
  IPROBE_CHECK(kind, check_count_v1_or_v2(f, 7));
  RunHeader header;
  IPROBE_CHECK(kind, parse_run_id(f.items[1], header.run));
  IPROBE_CHECK(kind, parse_keyed(f.items[2], "iterations", header.iterations));
  IPROBE_CHECK(kind, parse_keyed(f.items[3], "warmup", header.warmup));
  IPROBE_CHECK(kind, parse_keyed(f.items[4], "cpu", header.cpu));
  constexpr std::string_view kVariant = "variant=";
  if (f.items[5].substr(0, kVariant.size()) != kVariant) return malformed(kind, R::kBadKey);
  IPROBE_CHECK(kind, parse_cmd(f.items[6], header.cmd));
  IPROBE_CHECK(kind, parse_format(f, header.format));
  const std::string_view variant = f.items[5].substr(kVariant.size());
  // The variant name ends up in summary.json: printable ASCII only.
  for (const char c : variant) {
    if (c < 0x21 || c > 0x7e) return malformed(kind, R::kControlChar);
  }
  header.variant = std::string(variant);
  return header;
}

ParsedLine parse_floor(const Fields& f) {
  constexpr LineKind kind = LineKind::kFloor;
  IPROBE_CHECK(kind, check_count(f, 4));
  TscFloor floor;
  IPROBE_CHECK(kind, parse_keyed(f.items[1], "min", floor.min));
  IPROBE_CHECK(kind, parse_keyed(f.items[2], "p50", floor.p50));
  IPROBE_CHECK(kind, parse_keyed(f.items[3], "samples", floor.samples));
  return floor;
}

ParsedLine parse_total(const Fields& f) {
  constexpr LineKind kind = LineKind::kTotal;
  IPROBE_CHECK(kind, check_count(f, 8));
  LoopTotal total;
  IPROBE_CHECK(kind, parse_run_id(f.items[1], total.run));
  IPROBE_CHECK(kind, parse_keyed(f.items[2], "calls", total.calls));
  IPROBE_CHECK(kind, parse_keyed(f.items[3], "cycles", total.cycles));
  IPROBE_CHECK(kind, parse_keyed(f.items[4], "cpu_start", total.cpu_start));
  IPROBE_CHECK(kind, parse_keyed(f.items[5], "cpu_end", total.cpu_end));
  IPROBE_CHECK(kind, parse_keyed(f.items[6], "migrations", total.migrations));
  IPROBE_CHECK(kind, parse_keyed(f.items[7], "errors", total.errors));
  return total;
}

ParsedLine parse_dump_begin(const Fields& f) {
  constexpr LineKind kind = LineKind::kDumpBegin;
  IPROBE_CHECK(kind, check_count(f, 5));
  DumpBegin begin;
  IPROBE_CHECK(kind, parse_source(f.items[1], begin.source));
  IPROBE_CHECK(kind, parse_keyed(f.items[2], "entries", begin.entries));
  IPROBE_CHECK(kind, parse_keyed(f.items[3], "dropped", begin.dropped));
  IPROBE_CHECK(kind, parse_keyed(f.items[4], "capacity", begin.capacity));
  return begin;
}

ParsedLine parse_dump_end(const Fields& f) {
  constexpr LineKind kind = LineKind::kDumpEnd;
  IPROBE_CHECK(kind, check_count(f, 3));
  DumpEnd end;
  IPROBE_CHECK(kind, parse_source(f.items[1], end.source));
  IPROBE_CHECK(kind, parse_keyed(f.items[2], "entries", end.entries));
  return end;
}

ParsedLine parse_mark(const Fields& f) {
  constexpr LineKind kind = LineKind::kMark;
  IPROBE_CHECK(kind, check_count(f, 3));
  MarkLine mark;
  IPROBE_CHECK(kind, parse_run_id(f.items[1], mark.run));
  if (f.items[2] != "end") return malformed(kind, R::kBadTerminator);
  return mark;
}

#undef IPROBE_CHECK

std::string_view first_word(std::string_view text) {
  const std::size_t begin = text.find_first_not_of(' ');
  if (begin == std::string_view::npos) return {};
  const std::size_t end = text.find(' ', begin);
  return text.substr(begin, end - begin);  // end == npos: up to the end
}

bool is_known_kind(std::string_view word) {
  return word == "k" || word == "u" || word == "run" || word == "floor" || word == "total" ||
         word == "dump-begin" || word == "dump-end" || word == "mark";
}

// Characters that glue a preceding word to the tag ("6.8.0-ioprobe" is a kernel release name).
bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == '/';
}

// The first tag in line at or after from, npos when there is none. Searched by its 'b', the
// rarest of its letters in kernel messages: most foreign lines take one memchr and no compare.
std::size_t find_tag(std::string_view line, std::size_t from) {
  constexpr std::size_t kAnchor = 5;  // kTag[kAnchor] == 'b'
  static_assert(kTag[kAnchor] == 'b');
  for (std::size_t at = from + kAnchor; at < line.size(); ++at) {
    const void* anchor = std::memchr(line.data() + at, 'b', line.size() - at);
    if (anchor == nullptr) break;
    at = static_cast<std::size_t>(static_cast<const char*>(anchor) - line.data());
    if (line.substr(at - kAnchor).starts_with(kTag)) return at - kAnchor;
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<std::string_view> find_tagged_text(std::string_view line) {
  std::optional<std::string_view> unknown_kind;  // first stand-alone tag with an unknown word
  std::size_t from = 0;
  for (;;) {
    const std::size_t at = find_tag(line, from);
    if (at == std::string_view::npos) return unknown_kind;
    std::string_view text = line.substr(at + kTag.size());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    if (is_known_kind(first_word(text))) return text;
    if (!unknown_kind && (at == 0 || !is_word_char(line[at - 1]))) unknown_kind = text;
    from = at + 1;
  }
}

namespace {

// A malformed line's reason, replaced by what is wrong with its bytes when they are not plain
// printable ASCII: that is the more useful diagnosis (NUL from a serial line, binary garbage).
Malformed refine(Malformed bad, std::string_view text) {
  if (const std::optional<RejectReason> problem = byte_problem(text)) {
    return malformed(bad.kind, *problem);
  }
  return bad;
}

ParsedLine parse_fields(const Fields& fields) {
  if (fields.count == 0) return malformed(LineKind::kUnknown, R::kUnknownKind);
  const std::string_view word = fields.items[0];
  // Most frequent first: the stamps.
  if (word == "k") return parse_kernel(fields);
  if (word == "u") return parse_user(fields);
  if (word == "run") return parse_run(fields);
  if (word == "floor") return parse_floor(fields);
  if (word == "total") return parse_total(fields);
  if (word == "dump-begin") return parse_dump_begin(fields);
  if (word == "dump-end") return parse_dump_end(fields);
  if (word == "mark") return parse_mark(fields);
  return malformed(LineKind::kUnknown, R::kUnknownKind);
}

}  // namespace

ParsedLine parse_tagged_text(std::string_view text) {
  if (text.starts_with("k ")) {
    KernelStamp stamp;
    if (read_plain_kernel_stamp(text, stamp)) return stamp;
  } else if (text.starts_with("u ")) {
    UserStamp stamp;
    if (read_plain_user_stamp(text, stamp)) return stamp;
  }
  return parse_tagged_fields(text);
}

ParsedLine parse_tagged_fields(std::string_view text) {
  ParsedLine parsed = parse_fields(split_fields(text));
  if (auto* bad = std::get_if<Malformed>(&parsed)) return refine(*bad, text);
  return parsed;
}

ParsedLine parse_line(std::string_view line) {
  const std::optional<std::string_view> text = find_tagged_text(line);
  if (!text) return NoTag{};
  return parse_tagged_text(*text);
}

std::string_view reject_reason_name(RejectReason reason) { return kReasons[index_of(reason)].name; }

std::string_view reject_reason_text(RejectReason reason) { return kReasons[index_of(reason)].text; }

std::string run_hex(uint32_t run) {
  std::array<char, 8> text{};
  for (int i = 7; i >= 0; --i) {
    text[static_cast<std::size_t>(i)] = "0123456789abcdef"[run & 0xfu];
    run >>= 4;
  }
  return {text.data(), text.size()};
}

}  // namespace iprobe
