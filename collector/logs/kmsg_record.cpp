#include "logs/kmsg_record.hpp"

#include <charconv>
#include <cstddef>
#include <system_error>

namespace iprobe {
namespace {

// Parses a decimal number that runs up to the next ',' starting at pos; advances pos past ','.
bool take_number(std::string_view header, std::size_t& pos, uint64_t& out) {
  const std::size_t comma = header.find(',', pos);
  if (comma == std::string_view::npos || comma == pos) return false;
  const char* first = header.data() + pos;
  const char* last = header.data() + comma;
  auto [ptr, ec] = std::from_chars(first, last, out);
  if (ec != std::errc{} || ptr != last) return false;
  pos = comma + 1;
  return true;
}

}  // namespace

std::optional<KmsgRecord> parse_kmsg_record(std::string_view line) {
  const std::size_t semicolon = line.find(';');
  if (semicolon == std::string_view::npos) return std::nullopt;
  const std::string_view header = line.substr(0, semicolon);
  std::size_t pos = 0;
  uint64_t prio = 0;
  KmsgRecord record;
  uint64_t usec = 0;
  if (!take_number(header, pos, prio) || !take_number(header, pos, record.seq) ||
      !take_number(header, pos, usec)) {
    return std::nullopt;
  }
  // flags: one word, then optional ",more" fields.
  const std::string_view rest = header.substr(pos);
  const std::string_view flags = rest.substr(0, rest.find(','));
  if (flags.empty()) return std::nullopt;
  for (const char c : flags) {
    if (c == ' ' || c == '\t') return std::nullopt;
  }
  record.message = line.substr(semicolon + 1);
  return record;
}

bool is_kmsg_continuation(std::string_view line) { return !line.empty() && line.front() == ' '; }

void KmsgSeqAudit::observe(uint64_t seq) {
  ++records_;
  if (last_) {
    if (seq > *last_) {
      lost_ += seq - *last_ - 1;
    } else {
      ++restarts_;
    }
  }
  last_ = seq;
}

}  // namespace iprobe
