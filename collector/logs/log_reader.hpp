// Streaming line reader with bounded memory: reads its input in large chunks and hands out
// one line at a time as a view into its buffer, so a log of any size streams through a fixed
// amount of memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iprobe {

struct Line {
  // The line without its "\n" and without trailing "\r"s. May hold NUL bytes. For an overlong
  // line, only its first max_line bytes; the rest was skipped.
  std::string_view text;
  bool overlong = false;
  bool unterminated = false;  // the last line of the input, not ended by "\n"
};

class LineReader {
 public:
  static constexpr std::size_t kDefaultMaxLine = 4096;
  static constexpr std::size_t kDefaultChunk = std::size_t{1} << 20;

  // in must outlive the reader. Throws std::invalid_argument if max_line or chunk is 0.
  explicit LineReader(std::istream& in, std::size_t max_line = kDefaultMaxLine,
                      std::size_t chunk = kDefaultChunk);

  // The next line, valid until the following call; nullopt at the end of the input. A last line
  // without "\n" is returned too. Throws std::ios_base::failure if the stream goes bad.
  // Inline for the common case, a whole short line in the buffer: it runs for every line.
  std::optional<Line> next() {
    const void* nl = std::memchr(buffer_.data() + begin_, '\n', end_ - begin_);
    if (nl == nullptr) return next_after_fill();
    const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - buffer_.data());
    std::string_view text(buffer_.data() + begin_, at - begin_);
    if (text.size() > max_line_) return next_after_fill();  // overlong: the general path
    begin_ = at + 1;
    ++lines_;
    while (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return Line{text, false, false};
  }

  // The unconsumed input from the current position, at most max_bytes (and at most one chunk)
  // long, without consuming it: reads ahead as needed. For format detection on pipes.
  // Valid until the following call of next() or peek().
  std::string_view peek(std::size_t max_bytes);

  uint64_t lines() const { return lines_; }        // lines returned so far, overlong included
  uint64_t overlong() const { return overlong_; }  // lines longer than max_line
  bool partial_last_line() const { return partial_last_line_; }  // input did not end in "\n"

 private:
  // next() when the buffer holds no whole line, or an overlong one.
  std::optional<Line> next_after_fill();
  // Reads more input after the unconsumed bytes; returns false at end of input.
  bool fill();
  Line make_line(std::size_t begin, std::size_t end, bool dropped_content);

  std::istream& in_;
  std::size_t max_line_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // first unconsumed byte
  std::size_t end_ = 0;    // one past the last byte read
  bool eof_ = false;
  uint64_t lines_ = 0;
  uint64_t overlong_ = 0;
  bool partial_last_line_ = false;
};

}  // namespace iprobe
