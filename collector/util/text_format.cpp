#include "util/text_format.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace iprobe {

std::string fixed(double value, int decimals) {
  std::array<char, 64> text{};
  std::snprintf(text.data(), text.size(), "%.*f", decimals, value);
  return text.data();
}

std::string general(double value, int digits) {
  std::array<char, 64> text{};
  std::snprintf(text.data(), text.size(), "%.*g", digits, value);
  return text.data();
}

std::string shortest(double value) {
  std::array<char, 64> text{};
  const auto [end, ec] = std::to_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc{} ? std::string(text.data(), end) : std::string("nan");
}

std::string pad(std::string_view text, std::size_t width, Align align) {
  if (text.size() >= width) return std::string(text);
  const std::string fill(width - text.size(), ' ');
  return align == Align::kLeft ? std::string(text) + fill : fill + std::string(text);
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string signal_text(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  const char* text = strsignal(sig);
  return std::to_string(sig) + " (" +
         (abbrev ? "SIG" + std::string(abbrev) + ": " : std::string()) + (text ? text : "unknown") +
         ")";
}

}  // namespace iprobe
