// libFuzzer target: the streaming line reader with small, input-chosen line caps and chunks,
// checked against a plain split of the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "logs/log_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t max_line = 1 + data[0] % 64;
  const std::size_t chunk = 1 + data[1] % 97;
  const std::string input(reinterpret_cast<const char*>(data) + 2, size - 2);
  std::istringstream stream(input);
  iprobe::LineReader reader(stream, max_line, chunk);
  if (!input.empty()) (void)reader.peek(1 + data[1] % 200);
  std::size_t pos = 0;
  uint64_t lines = 0;
  while (const auto line = reader.next()) {
    ++lines;
    if (line->text.size() > max_line) std::abort();
    // Compare with the same line cut out of the input directly.
    std::size_t nl = input.find('\n', pos);
    const bool last = nl == std::string::npos;
    if (last) nl = input.size();
    std::string_view expected(input.data() + pos, nl - pos);
    while (!expected.empty() && expected.back() == '\r') expected.remove_suffix(1);
    const bool overlong = expected.size() > max_line;
    if (overlong) expected = expected.substr(0, max_line);
    if (line->text != expected || line->overlong != overlong || line->unterminated != last) {
      std::abort();
    }
    pos = nl + 1;
  }
  if (pos < input.size() || reader.lines() != lines) std::abort();
  return 0;
}
