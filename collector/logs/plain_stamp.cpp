#include "logs/plain_stamp.hpp"

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <variant>

#include "logs/stamp_line.hpp"

namespace iprobe {
namespace {

// Digits that always fit: 9 in 32 bits, 19 in 64 bits (longer numbers go to the general
// parser, which checks them for overflow).
constexpr std::size_t kMaxDigits32 = 9;
constexpr std::size_t kMaxDigits64 = 19;

constexpr uint64_t kEachByte = 0x0101010101010101;

// The value of up to 8 decimal digits given as byte values 0..9, the first digit in the lowest
// byte (eight bytes read from memory on a little-endian machine, '0' removed).
uint64_t eight_digit_value(uint64_t digits) {
  digits = digits * 10 + (digits >> 8);  // pairs of digits, in bytes 0, 2, 4, 6
  return (((digits & 0x000000FF000000FF) * (100 + (1000000ULL << 32))) +
          (((digits >> 16) & 0x000000FF000000FF) * (1 + (10000ULL << 32)))) >>
         32;
}

// A decimal number at text, of 1 to max_digits digits ending at a space or the end of the text;
// nullptr when there is none, else the end of its digits. Eight digits at a time where eight
// bytes can be read (the stamps run to 10 digits and more), one at a time near the end.
template <typename T>
inline const char* read_number(const char* text, const char* end, T& out, std::size_t max_digits) {
  const char* at = text;
  uint64_t value = 0;
  while (end - at >= 8) {
    uint64_t chunk = 0;
    std::memcpy(&chunk, at, sizeof chunk);
    static_assert(std::endian::native == std::endian::little);
    const uint64_t digits = chunk ^ (kEachByte * '0');  // 0..9 in the bytes that are digits
    // High bit of each byte that is no digit: above 9 (or 0x80 and up) after the xor.
    const uint64_t not_digit =
        (((digits & (kEachByte * 0x7f)) + kEachByte * (0x80 - 10)) | digits) & (kEachByte * 0x80);
    const int count = not_digit == 0 ? 8 : std::countr_zero(not_digit) / 8;
    if (count == 0) break;
    // The digits moved to the high bytes, zeros below them: the same number as eight digits.
    const uint64_t value8 = eight_digit_value(digits << (8 * (8 - count)));
    static constexpr uint64_t kScale[9] = {1,      10,      100,      1000,     10000,
                                           100000, 1000000, 10000000, 100000000};
    value = value * kScale[count] + value8;
    at += count;
    if (count < 8 || static_cast<std::size_t>(at - text) > max_digits) break;
  }
  for (; at != end; ++at) {
    const auto digit = static_cast<unsigned>(*at - '0');
    if (digit > 9) break;
    value = value * 10 + digit;
    if (static_cast<std::size_t>(at - text) >= max_digits) return nullptr;
  }
  const auto count = static_cast<std::size_t>(at - text);
  if (count == 0 || count > max_digits || (at != end && *at != ' ')) return nullptr;
  out = static_cast<T>(value);
  return at;
}

// The value of each hex digit (either case), kNotHex for other bytes.
constexpr uint8_t kNotHex = 0xf0;
constexpr std::array<uint8_t, 256> kHexValue = [] {
  std::array<uint8_t, 256> value{};
  for (int c = 0; c < 256; ++c) {
    uint8_t v = kNotHex;
    if (c >= '0' && c <= '9') v = static_cast<uint8_t>(c - '0');
    if (c >= 'a' && c <= 'f') v = static_cast<uint8_t>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') v = static_cast<uint8_t>(c - 'A' + 10);
    value[static_cast<std::size_t>(c)] = v;
  }
  return value;
}();

// Exactly 8 hex digits (either case), as the general parser reads a run id.
const char* read_run_id(const char* at, const char* end, uint32_t& out) {
  if (end - at < 8 || (end - at > 8 && at[8] != ' ')) return nullptr;
  uint32_t value = 0;
  unsigned bad = 0;
  for (int i = 0; i < 8; ++i) {
    const uint8_t digit = kHexValue[static_cast<unsigned char>(at[i])];
    bad |= digit;
    value = value << 4 | (digit & 0x0fU);
  }
  if ((bad & kNotHex) != 0) return nullptr;
  out = value;
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

// "k <source> <run> ..." from the text after "k".
bool read_kernel(const char* at, const char* end, KernelStamp& stamp) {
  if ((at = skip_separator(at, end)) == nullptr) return false;
  const char* word_end = at;
  while (word_end != end && *word_end != ' ') ++word_end;
  const std::optional<Source> source =
      source_from_name({at, static_cast<std::size_t>(word_end - at)});
  if (!source) return false;
  stamp.source = *source;
  if ((at = skip_separator(word_end, end)) == nullptr) return false;
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
