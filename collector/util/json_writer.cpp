#include "util/json_writer.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <stdexcept>

namespace iprobe {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence at text[pos], or 0 if it is ill-formed; in that case
// bad_length is the length of its maximal ill-formed prefix (at least 1), which is replaced by
// one U+FFFD (Unicode's recommended practice).
std::size_t utf8_sequence(std::string_view text, std::size_t pos, std::size_t& bad_length) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  std::size_t length = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;  // no UTF-16 surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    bad_length = 1;
    return 0;
  }
  for (std::size_t i = 1; i < length; ++i) {
    const std::size_t at = pos + i;
    const unsigned char low = i == 1 ? lo : 0x80;
    const unsigned char high = i == 1 ? hi : 0xBF;
    if (at >= text.size() || byte(at) < low || byte(at) > high) {
      bad_length = i;
      return 0;
    }
  }
  return length;
}

}  // namespace

std::string json_quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (c < 0x20 || c == 0x7F) {
            std::array<char, 7> escaped{'\\', 'u', '0', '0', '0', '0', '\0'};
            escaped[4] = "0123456789abcdef"[c >> 4];
            escaped[5] = "0123456789abcdef"[c & 0xF];
            out.append(escaped.data(), 6);
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      ++pos;
      continue;
    }
    std::size_t bad = 0;
    const std::size_t length = utf8_sequence(text, pos, bad);
    if (length == 0) {
      out += kReplacement;
      pos += bad;
    } else {
      out.append(text.substr(pos, length));
      pos += length;
    }
  }
  out.push_back('"');
  return out;
}

JsonWriter::JsonWriter(std::ostream& out, int indent) : out_(out), indent_(indent) {}

void JsonWriter::newline() {
  if (indent_ <= 0) return;
  out_.put('\n');
  for (std::size_t i = 0; i < stack_.size() * static_cast<std::size_t>(indent_); ++i) {
    out_.put(' ');
  }
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  Level& level = stack_.back();
  if (level.is_object) throw std::logic_error("JsonWriter: value inside an object needs a key");
  if (!level.empty) out_.put(',');
  level.empty = false;
  newline();
}

void JsonWriter::key(std::string_view name) {
  if (stack_.empty() || !stack_.back().is_object || after_key_) {
    throw std::logic_error("JsonWriter: key outside an object");
  }
  Level& level = stack_.back();
  if (!level.empty) out_.put(',');
  level.empty = false;
  newline();
  out_ << json_quote(name) << (indent_ > 0 ? ": " : ":");
  after_key_ = true;
}

void JsonWriter::begin_object() {
  before_value();
  out_.put('{');
  stack_.push_back(Level{true, true});
}

void JsonWriter::begin_array() {
  before_value();
  out_.put('[');
  stack_.push_back(Level{false, true});
}

void JsonWriter::end_object() {
  if (stack_.empty() || !stack_.back().is_object || after_key_) {
    throw std::logic_error("JsonWriter: end_object without matching begin_object");
  }
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) newline();
  out_.put('}');
  if (stack_.empty() && indent_ > 0) out_.put('\n');
}

void JsonWriter::end_array() {
  if (stack_.empty() || stack_.back().is_object) {
    throw std::logic_error("JsonWriter: end_array without matching begin_array");
  }
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) newline();
  out_.put(']');
  if (stack_.empty() && indent_ > 0) out_.put('\n');
}

void JsonWriter::value(std::string_view text) {
  before_value();
  out_ << json_quote(text);
}

void JsonWriter::value(bool flag) {
  before_value();
  out_ << (flag ? "true" : "false");
}

void JsonWriter::value(double number) {
  before_value();
  if (!std::isfinite(number)) {
    out_ << "null";
    return;
  }
  std::array<char, 32> text{};
  const auto result = std::to_chars(text.data(), text.data() + text.size(), number);
  out_.write(text.data(), result.ptr - text.data());
}

void JsonWriter::write_int(int64_t number) {
  before_value();
  std::array<char, 24> text{};
  const auto result = std::to_chars(text.data(), text.data() + text.size(), number);
  out_.write(text.data(), result.ptr - text.data());
}

void JsonWriter::write_uint(uint64_t number) {
  before_value();
  std::array<char, 24> text{};
  const auto result = std::to_chars(text.data(), text.data() + text.size(), number);
  out_.write(text.data(), result.ptr - text.data());
}

void JsonWriter::null() {
  before_value();
  out_ << "null";
}

}  // namespace iprobe
