#include "collector/log_reader.hpp"

#include <cstring>
#include <stdexcept>

namespace iprobe {

LineReader::LineReader(std::istream& in, std::size_t max_line, std::size_t chunk)
    : in_(in), max_line_(max_line) {
  if (max_line == 0 || chunk == 0) {
    throw std::invalid_argument("LineReader: max_line and chunk must be positive");
  }
  // Room for one full chunk after a carried-over partial line of up to max_line (+ "\r") bytes.
  buffer_.resize(chunk + max_line + 1);
}

bool LineReader::fill() {
  if (eof_) return false;
  // Move the unconsumed tail to the front; it is never longer than max_line + 1 bytes.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  in_.read(buffer_.data() + end_, static_cast<std::streamsize>(buffer_.size() - end_));
  const auto got = static_cast<std::size_t>(in_.gcount());
  if (in_.bad()) throw std::ios_base::failure("read error");
  end_ += got;
  if (got == 0 || in_.eof()) eof_ = true;
  return got > 0;
}

Line LineReader::make_line(std::size_t begin, std::size_t end, bool overlong) {
  std::string_view text(buffer_.data() + begin, end - begin);
  while (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  if (!overlong && text.size() > max_line_) overlong = true;
  if (overlong) {
    ++overlong_;
    text = text.substr(0, max_line_);
  }
  ++lines_;
  return Line{text, overlong};
}

std::optional<Line> LineReader::next() {
  // Set once the current line outgrew max_line: only its first max_line bytes stay buffered,
  // the rest is dropped as it is read, until its "\n".
  bool skipping = false;
  std::size_t scan = begin_;  // bytes before scan are known to hold no "\n"
  for (;;) {
    const char* data = buffer_.data();
    const void* nl = std::memchr(data + scan, '\n', end_ - scan);
    if (nl != nullptr) {
      const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - data);
      const std::size_t line_begin = begin_;
      begin_ = at + 1;
      return make_line(line_begin, skipping ? line_begin + max_line_ : at, skipping);
    }
    // max_line bytes plus one "\r" may still make a valid line; anything longer cannot.
    if (!skipping && end_ - begin_ > max_line_ + 1) skipping = true;
    if (skipping) end_ = begin_ + max_line_;
    const std::size_t scanned = end_ - begin_;
    if (!fill()) {
      if (end_ == begin_) return std::nullopt;
      partial_last_line_ = true;
      const std::size_t line_begin = begin_;
      begin_ = end_;
      return make_line(line_begin, end_, skipping);
    }
    scan = begin_ + scanned;  // fill() moved the unconsumed bytes to the front
  }
}

}  // namespace iprobe
