#include "logs/log_format.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstring>
#include <limits>
#include <system_error>

#include "logs/byte_lanes.hpp"
#include "logs/kmsg_record.hpp"

namespace iprobe {
namespace {

constexpr std::size_t kDetectLines = 256;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "<N>" of dmesg -r: up to 4 digits.
std::size_t skip_priority(std::string_view line) {
  if (line.size() < 3 || line[0] != '<') return 0;
  std::size_t i = 1;
  while (i < line.size() && i <= 4 && is_digit(line[i])) ++i;
  if (i == 1 || i >= line.size() || line[i] != '>') return 0;
  return i + 1;
}

// "[ ... ]" time stamp of dmesg (seconds, -T dates, iso): at most 48 characters of digits,
// letters, spaces and ".:,+-" between the brackets. Returns the length including one space
// after ']', 0 when there is none.
// Which bytes may stand between the brackets, as a table: this runs on every kernel log line.
constexpr std::array<bool, 256> kTimeStampChars = [] {
  std::array<bool, 256> ok{};
  for (int c = 0; c < 256; ++c) {
    ok[static_cast<std::size_t>(c)] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                                      (c >= 'A' && c <= 'Z') || c == ' ' || c == '.' || c == ':' ||
                                      c == ',' || c == '+' || c == '-';
  }
  return ok;
}();

// Whether every byte between the brackets is allowed. The seconds dmesg prints by default
// ("[%5lu.%06lu]": digits, spaces, a dot) are checked eight bytes at a time.
bool time_stamp_allowed(std::string_view inside) {
  if (inside.size() >= 8 && inside.size() <= 16) {
    const uint64_t first = lanes::load8(inside.data());
    const uint64_t last = lanes::load8(inside.data() + inside.size() - 8);
    const auto seconds_only = [](uint64_t word) {
      return (lanes::not_digit(word) & lanes::not_byte(word, ' ') & lanes::not_byte(word, '.')) ==
             0;
    };
    if (seconds_only(first) && seconds_only(last)) return true;
  }
  bool allowed = true;  // no early exit: a short loop without branches
  for (const char c : inside) allowed &= kTimeStampChars[static_cast<unsigned char>(c)];
  return allowed;
}

std::size_t skip_time_stamp(std::string_view line) {
  constexpr std::size_t kMaxClose = 48;  // position of ']' at the latest
  if (line.empty() || line[0] != '[') return 0;
  const std::size_t span = std::min(line.size(), kMaxClose + 1) - 1;
  const void* close = std::memchr(line.data() + 1, ']', span);
  if (close == nullptr) return 0;
  std::size_t i = static_cast<std::size_t>(static_cast<const char*>(close) - line.data());
  if (i == 1 || !time_stamp_allowed(line.substr(1, i - 1))) return 0;
  ++i;
  if (i < line.size() && line[i] == ' ') ++i;
  return i;
}

std::string_view strip_dmesg_prefix(std::string_view line) {
  line.remove_prefix(skip_priority(line));
  line.remove_prefix(skip_time_stamp(line));
  return line;
}

// Position just after "kernel: " of a journal line, 0 when the line is no kernel journal line.
std::size_t journal_message_start(std::string_view line) {
  constexpr std::string_view kKernel = " kernel: ";
  const std::size_t at = line.substr(0, 128).find(kKernel);
  if (at == std::string_view::npos || at == 0) return 0;
  // The prefix is a time stamp and a host name: "[ 1.5] host" or "Nov 26 21:55:00 host".
  const char first = line[0];
  if (first != '[' && !(first >= 'A' && first <= 'Z')) return 0;
  return at + kKernel.size();
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// The decimal number that ends right before position end (after a space or line start).
uint64_t number_before(std::string_view text, std::size_t end) {
  std::size_t begin = end;
  while (begin > 0 && is_digit(text[begin - 1])) --begin;
  if (begin == end) return 0;
  uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data() + begin, text.data() + end, value);
  if (ec == std::errc::result_out_of_range) return std::numeric_limits<uint64_t>::max();
  return ec == std::errc{} ? value : 0;
}

}  // namespace

std::string_view format_name(LogFormat format) { return name_in(kLogFormatNames, format); }

std::optional<LogFormat> format_from_name(std::string_view name) {
  return value_in(kLogFormatNames, name);
}

LogFormat detect_format(std::string_view sample) {
  // Judge complete lines only, unless the sample is the whole (short) log.
  if (sample.size() >= kDetectBytes) {
    const std::size_t last_nl = sample.rfind('\n');
    if (last_nl != std::string_view::npos) sample = sample.substr(0, last_nl + 1);
  }
  std::size_t lines = 0;
  std::size_t kmsg = 0;
  std::size_t continuation = 0;
  std::size_t crlf = 0;
  std::size_t journal = 0;
  bool serial_noise = false;
  bool dump = false;
  bool uhyve = false;
  std::size_t pos = 0;
  while (pos < sample.size() && lines < kDetectLines) {
    std::size_t nl = sample.find('\n', pos);
    if (nl == std::string_view::npos) nl = sample.size();
    std::string_view line = sample.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') {
      ++crlf;
      while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    }
    if (line.empty()) continue;
    ++lines;
    for (const char c : line) {
      if (c == '\0' || c == '\x1b' || c == '\r') {
        serial_noise = true;
        break;
      }
    }
    if (contains(line, "Dump kernel log:")) uhyve = true;
    if (contains(line, "ioprobe dump-begin ")) dump = true;
    if (parse_kmsg_record(line)) {
      ++kmsg;
    } else if (line.front() == ' ') {
      ++continuation;
    }
    if (journal_message_start(line) > 0) ++journal;
  }
  if (lines == 0) return LogFormat::kDmesg;
  if (uhyve) return LogFormat::kUhyve;
  const std::size_t records = lines - continuation;
  if (kmsg > 0 && 2 * kmsg >= records) return LogFormat::kKmsg;
  if (2 * crlf >= lines || serial_noise) return LogFormat::kSerial;
  if (2 * journal >= lines) return LogFormat::kJournal;
  if (dump) return LogFormat::kDump;
  return LogFormat::kDmesg;
}

LogLine split_log_line(LogFormat format, std::string_view line) {
  LogLine out;
  switch (format) {
    case LogFormat::kKmsg:
      if (const std::optional<KmsgRecord> record = parse_kmsg_record(line)) {
        out.message = record->message;
        out.kmsg_seq = record->seq;
      } else if (is_kmsg_continuation(line)) {
        out.kind = LogLine::Kind::kContinuation;
        out.message = line;
      } else {
        out.kind = LogLine::Kind::kNoHeader;
        out.message = line;
      }
      return out;
    case LogFormat::kJournal: {
      const std::size_t start = journal_message_start(line);
      out.message = start > 0 ? line.substr(start) : line;
      return out;
    }
    case LogFormat::kDmesg:
    case LogFormat::kDump:
    case LogFormat::kAuto:
      out.message = strip_dmesg_prefix(line);
      return out;
    case LogFormat::kSerial:
    case LogFormat::kUhyve:
      out.message = line;
      return out;
  }
  out.message = line;
  return out;
}

bool tag_must_lead(LogFormat format) {
  return format != LogFormat::kSerial && format != LogFormat::kUhyve;
}

uint64_t printk_loss_marker(std::string_view message) {
  // Cheap pre-filter: every marker ends in "**", "suppressed" or "suppressed.".
  while (!message.empty() && (message.back() == ' ' || message.back() == '\r')) {
    message.remove_suffix(1);
  }
  if (message.size() < 12) return 0;
  const char last = message.back();
  if (last != '*' && last != 'd' && last != '.') return 0;

  constexpr std::string_view kDropped = " printk messages dropped";
  if (const std::size_t at = message.find(kDropped); at != std::string_view::npos) {
    return number_before(message, at);
  }
  constexpr std::string_view kSuppressed = " messages suppressed";
  if (const std::size_t at = message.find(kSuppressed);
      at != std::string_view::npos && message.starts_with("printk: ")) {
    return number_before(message, at);
  }
  constexpr std::string_view kCallbacks = " callbacks suppressed";
  if (const std::size_t at = message.find(kCallbacks); at != std::string_view::npos) {
    // "<function>: N callbacks suppressed": only the probe's own rate-limited messages count.
    const std::size_t colon = message.rfind(':', at);
    if (colon != std::string_view::npos && contains(message.substr(0, colon), "ioprobe")) {
      return number_before(message, at);
    }
  }
  return 0;
}

}  // namespace iprobe
