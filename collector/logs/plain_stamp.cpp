#include "logs/plain_stamp.hpp"

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <variant>

#include "logs/byte_lanes.hpp"
#include "logs/stamp_line.hpp"

namespace iprobe {
namespace {

// Digits that always fit: 9 in 32 bits, 19 in 64 bits (longer numbers go to the general
// parser, which checks them for overflow).
constexpr std::size_t kMaxDigits32 = 9;
constexpr std::size_t kMaxDigits64 = 19;

using lanes::kEachByte;
using lanes::load8;

// The value of up to 8 decimal digits given as byte values 0..9, the first digit in the lowest
// byte (eight bytes read from memory on a little-endian machine, '0' removed).
uint64_t eight_digit_value(uint64_t digits) {
  digits = digits * 10 + (digits >> 8);  // pairs of digits, in bytes 0, 2, 4, 6
  return (((digits & 0x000000FF000000FF) * (100 + (1000000ULL << 32))) +
          (((digits >> 16) & 0x000000FF000000FF) * (1 + (10000ULL << 32)))) >>
         32;
}

// A decimal number at text, of 1 to max_digits digits ending at a space or the end of the text;
// nullptr when there is none, else the end of its digits. Eight bytes at a time where eight can
// be read: a short number (seq, cpu) takes one step, a stamp of ten digits two.
template <typename T>
inline const char* read_number(const char* text, const char* end, T& out, std::size_t max_digits) {
  static constexpr std::array<uint64_t, 9> kScale{1,      10,      100,      1000,     10000,
                                                  100000, 1000000, 10000000, 100000000};
  const char* at = text;
  uint64_t value = 0;
  while (end - at >= 8) {
    const uint64_t chunk = load8(at);
    const uint64_t stop = lanes::not_digit(chunk);
    const int count = stop == 0 ? 8 : std::countr_zero(stop) / 8;
    if (count == 0) break;
    // The digits moved to the high bytes with zeros below them: the same number as 8 digits.
    const uint64_t digits = (chunk ^ (kEachByte * '0')) << (8 * (8 - count));
    value = value * kScale[static_cast<std::size_t>(count)] + eight_digit_value(digits);
    at += count;
    if (count < 8 || static_cast<std::size_t>(at - text) > max_digits) break;
  }
  for (; at != end; ++at) {
    const auto digit = static_cast<unsigned>(*at - '0');
    if (digit > 9) break;
    value = value * 10 + digit;
    if (static_cast<std::size_t>(at - text) >= max_digits) return nullptr;
  }
  if (at == text || static_cast<std::size_t>(at - text) > max_digits || (at != end && *at != ' ')) {
    return nullptr;
  }
  out = static_cast<T>(value);
  return at;
}

// Exactly 8 hex digits (either case) followed by a space or the end, as the general parser reads
// a run id; all eight bytes at once.
const char* read_run_id(const char* at, const char* end, uint32_t& out) {
  if (end - at < 8 || (end - at > 8 && at[8] != ' ')) return nullptr;
  const uint64_t chunk = load8(at);
  // 'a' to 'f' and 'A' to 'F': folded to lower case (bit 5 set) and checked.
  const uint64_t is_letter =
      ~lanes::outside(chunk | (kEachByte * 0x20), 'a', 'f') & (kEachByte * 0x80);
  if ((lanes::not_digit(chunk) & ~is_letter) != 0) return nullptr;
  // A digit's value is its low nibble, a letter's its low nibble + 9.
  uint64_t nibbles = (chunk & (kEachByte * 0x0f)) + (is_letter >> 7) * 9;
  // The first hex digit is in byte 0: pack the eight nibbles into 32 bits, first one highest.
  nibbles = ((nibbles << 4) | (nibbles >> 8)) & 0x00ff00ff00ff00ff;
  nibbles = ((nibbles << 8) | (nibbles >> 16)) & 0x0000ffff0000ffff;
  nibbles = ((nibbles << 16) | (nibbles >> 32)) & 0x00000000ffffffff;
  out = static_cast<uint32_t>(nibbles);
  return at + 8;
}

// One space, then a field (not a space, not the end); nullptr otherwise.
const char* skip_separator(const char* at, const char* end) {
  if (at == nullptr || end - at < 2 || at[0] != ' ' || at[1] == ' ') return nullptr;
  return at + 1;
}

// " <seq> <cpu> <tsc>[ <tsc2>]" to the end of the text, the part both stamps share.
template <typename Stamp>
bool read_tail(const char* at, const char* end, Stamp& stamp, std::optional<uint64_t>& second) {
  if ((at = skip_separator(at, end)) == nullptr) return false;
  if ((at = read_number(at, end, stamp.seq, kMaxDigits32)) == nullptr) return false;
  if ((at = skip_separator(at, end)) == nullptr) return false;
  if ((at = read_number(at, end, stamp.cpu, kMaxDigits32)) == nullptr) return false;
  if ((at = skip_separator(at, end)) == nullptr) return false;
  if ((at = read_number(at, end, stamp.tsc, kMaxDigits64)) == nullptr) return false;
  if (at == end) return true;
  uint64_t value = 0;
  if ((at = skip_separator(at, end)) == nullptr) return false;
  if ((at = read_number(at, end, value, kMaxDigits64)) == nullptr || at != end) return false;
  second = value;
  return true;
}

// The source word at `at` and the space after it; nullptr when none matches.
const char* read_source(const char* at, const char* end, Probe& out) {
  const std::string_view rest(at, static_cast<std::size_t>(end - at));
  for (std::size_t i = 0; i < kProbeCount; ++i) {
    const auto source = static_cast<Probe>(i);
    const std::string_view name = name_in(kProbeNames, source);
    if (rest.size() > name.size() && rest[name.size()] == ' ' && rest.starts_with(name)) {
      out = source;
      return at + name.size();
    }
  }
  return nullptr;
}

// "k <source> <run> ..." from the text after "k".
bool read_kernel(const char* at, const char* end, KernelStamp& stamp) {
  if ((at = skip_separator(at, end)) == nullptr) return false;
  if ((at = read_source(at, end, stamp.source)) == nullptr) return false;
  if ((at = skip_separator(at, end)) == nullptr) return false;
  if ((at = read_run_id(at, end, stamp.run)) == nullptr) return false;
  return read_tail(at, end, stamp, stamp.tsc_exit);
}

// "u <run> ..." from the text after "u".
bool read_user(const char* at, const char* end, UserStamp& stamp) {
  if ((at = skip_separator(at, end)) == nullptr) return false;
  if ((at = read_run_id(at, end, stamp.run)) == nullptr) return false;
  return read_tail(at, end, stamp, stamp.tsc_after);
}

}  // namespace

bool read_plain_kernel_stamp(std::string_view text, KernelStamp& stamp) {
  if (!text.starts_with("k ")) return false;
  return read_kernel(text.data() + 1, text.data() + text.size(), stamp);
}

bool read_plain_user_stamp(std::string_view text, UserStamp& stamp) {
  if (!text.starts_with("u ")) return false;
  return read_user(text.data() + 1, text.data() + text.size(), stamp);
}

// Only the stamps take the fast path: every other record comes from the general parser both ways.
bool same_record(const ParsedLine& a, const ParsedLine& b) {
  if (a.index() != b.index()) return false;
  if (const auto* k = std::get_if<KernelStamp>(&a)) {
    const auto& l = std::get<KernelStamp>(b);
    return k->source == l.source && k->run == l.run && k->seq == l.seq && k->cpu == l.cpu &&
           k->tsc == l.tsc && k->tsc_exit == l.tsc_exit;
  }
  if (const auto* u = std::get_if<UserStamp>(&a)) {
    const auto& v = std::get<UserStamp>(b);
    return u->run == v.run && u->seq == v.seq && u->cpu == v.cpu && u->tsc == v.tsc &&
           u->tsc_after == v.tsc_after;
  }
  if (const auto* bad = std::get_if<Malformed>(&a)) {
    const auto& other = std::get<Malformed>(b);
    return bad->kind == other.kind && bad->code == other.code;
  }
  return true;
}

}  // namespace iprobe
