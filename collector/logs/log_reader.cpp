#include "logs/log_reader.hpp"

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

namespace {

// Whether [first, last) holds a byte other than '\r'.
bool has_content(const char* first, const char* last) {
  for (; first < last; ++first) {
    if (*first != '\r') return true;
  }
  return false;
}

}  // namespace

Line LineReader::make_line(std::size_t begin, std::size_t end, bool dropped_content) {
  // The line is overlong when it is longer than max_line without its trailing "\r"s; what
  // was dropped from it beyond max_line (dropped_content) decides when it is no longer here.
  const std::string_view raw(buffer_.data() + begin, end - begin);
  std::string_view text = raw;
  while (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  const bool overlong = dropped_content || text.size() > max_line_;
  if (overlong) {
    ++overlong_;
    text = raw.substr(0, max_line_);
  }
  ++lines_;
  return Line{text, overlong, false};
}

std::string_view LineReader::peek(std::size_t max_bytes) {
  const std::size_t room = buffer_.size() - max_line_ - 1;  // one chunk
  const std::size_t want = max_bytes < room ? max_bytes : room;
  while (end_ - begin_ < want && !eof_) {
    const std::size_t before = end_ - begin_;
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, before);
      end_ = before;
      begin_ = 0;
    }
    const std::size_t ask = want - before;
    in_.read(buffer_.data() + end_, static_cast<std::streamsize>(ask));
    const auto got = static_cast<std::size_t>(in_.gcount());
    if (in_.bad()) throw std::ios_base::failure("read error");
    end_ += got;
    if (got == 0 || in_.eof()) eof_ = true;
  }
  const std::size_t have = end_ - begin_;
  return {buffer_.data() + begin_, have < want ? have : want};
}

std::optional<Line> LineReader::next_after_fill() {
  // Set once the current line outgrew max_line + 1 bytes: only its first max_line bytes stay
  // buffered, the rest is dropped as it is read, until its "\n". dropped_content records
  // whether anything but "\r" was dropped, so that the verdict does not depend on the chunking.
  bool skipping = false;
  bool dropped_content = false;
  std::size_t scan = begin_;  // bytes before scan are known to hold no "\n"
  for (;;) {
    const char* data = buffer_.data();
    const void* nl = std::memchr(data + scan, '\n', end_ - scan);
    if (nl != nullptr) {
      const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - data);
      const std::size_t line_begin = begin_;
      begin_ = at + 1;
      if (!skipping) return make_line(line_begin, at, false);
      dropped_content = dropped_content || has_content(data + line_begin + max_line_, data + at);
      return make_line(line_begin, line_begin + max_line_, dropped_content);
    }
    if (!skipping && end_ - begin_ > max_line_ + 1) skipping = true;
    if (skipping) {
      dropped_content = dropped_content || has_content(data + begin_ + max_line_, data + end_);
      end_ = begin_ + max_line_;
    }
    const std::size_t scanned = end_ - begin_;
    if (!fill()) {
      if (end_ == begin_) return std::nullopt;
      partial_last_line_ = true;
      const std::size_t line_begin = begin_;
      begin_ = end_;
      Line line = make_line(line_begin, end_, dropped_content);
      line.unterminated = true;
      return line;
    }
    scan = begin_ + scanned;  // fill() moved the unconsumed bytes to the front
  }
}

}  // namespace iprobe
