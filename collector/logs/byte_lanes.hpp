// Eight bytes of text at a time in one 64-bit word (SWAR): the checks the hot paths of the log
// readers (plain_stamp.cpp, log_format.cpp) make on every byte of every line. Each function sets
// the high bit of each byte lane it flags; the lanes never carry into each other.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace iprobe::lanes {

inline constexpr uint64_t kEachByte = 0x0101010101010101;
inline constexpr uint64_t kHighBits = kEachByte * 0x80;

// The eight bytes at `at` (which must be readable), the first one in the lowest lane.
inline uint64_t load8(const char* at) {
  static_assert(std::endian::native == std::endian::little);
  uint64_t word = 0;
  std::memcpy(&word, at, sizeof word);
  return word;
}

// Lanes outside [low, high] (both below 0x80).
inline uint64_t outside(uint64_t word, uint8_t low, uint8_t high) {
  const uint64_t seven = word & (kEachByte * 0x7f);
  const uint64_t below = ~(seven + kEachByte * (0x80 - low));  // high bit: byte < low
  const uint64_t above = seven + kEachByte * (0x7f - high);    // high bit: byte > high
  return (below | above | word) & kHighBits;
}

// Lanes that are not decimal digits; in fewer steps than outside(): after the xor with '0' a
// digit is 0..9.
inline uint64_t not_digit(uint64_t word) {
  const uint64_t value = word ^ (kEachByte * '0');
  return (((value & (kEachByte * 0x7f)) + kEachByte * (0x80 - 10)) | value) & kHighBits;
}

// Lanes that are not the byte c.
inline uint64_t not_byte(uint64_t word, char c) {
  const uint64_t value = word ^ (kEachByte * static_cast<uint8_t>(c));
  return (((value & (kEachByte * 0x7f)) + kEachByte * 0x7f) | value) & kHighBits;
}

}  // namespace iprobe::lanes
