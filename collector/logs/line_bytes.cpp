#include "logs/line_bytes.hpp"

#include <cstddef>

namespace iprobe {
namespace {

// Valid UTF-8 (RFC 3629: no overlongs, no surrogates, at most U+10FFFF)?
bool is_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    unsigned min_second = 0x80;
    unsigned max_second = 0xbf;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      extra = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      extra = 2;
      if (c == 0xe0) min_second = 0xa0;
      if (c == 0xed) max_second = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      extra = 3;
      if (c == 0xf0) min_second = 0x90;
      if (c == 0xf4) max_second = 0x8f;
    } else {
      return false;
    }
    if (text.size() - i <= extra) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      const unsigned lo = k == 1 ? min_second : 0x80;
      const unsigned hi = k == 1 ? max_second : 0xbf;
      if (b < lo || b > hi) return false;
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace

std::optional<RejectReason> byte_problem(std::string_view text) {
  bool other = false;
  bool high = false;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) return RejectReason::kNulByte;
    if (c >= 0x80) high = true;
    if (c < 0x20 || c == 0x7f) other = true;
  }
  if (high && !is_utf8(text)) return RejectReason::kInvalidUtf8;
  if (high || other) return RejectReason::kControlChar;
  return std::nullopt;
}

}  // namespace iprobe
