// Helpers of the hostile-log suites (hostile_*_test.cpp): load the real captures under
// tests/hostile/captures/ and turn them into every log form and every kind of damage at test
// time, so that only the pristine captures are committed.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "logs/kmsg_record.hpp"
#include "logs/stamp_line.hpp"
#include "pair/pairing.hpp"

namespace iprobe::hostile {

inline std::string capture_path(const std::string& relative) {
  return std::string(IPROBE_FIXTURE_DIR) + "/../hostile/captures/" + relative;
}

inline std::string load(const std::string& relative) {
  std::ifstream in(capture_path(relative), std::ios::binary);
  if (!in) throw std::runtime_error("missing capture " + capture_path(relative));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    lines.emplace_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return lines;
}

inline std::string join(const std::vector<std::string>& lines, std::string_view eol = "\n") {
  std::string text;
  for (const std::string& line : lines) {
    text += line;
    text += eol;
  }
  return text;
}

// One kernel message of a raw /dev/kmsg capture with its record header values.
struct Record {
  uint64_t seq = 0;
  uint64_t usec = 0;
  int prio = 6;
  std::string message;
};

inline std::vector<Record> kmsg_records(std::string_view text) {
  std::vector<Record> records;
  for (const std::string& line : split_lines(text)) {
    const std::optional<KmsgRecord> record = parse_kmsg_record(line);
    if (!record) continue;
    Record r;
    r.seq = record->seq;
    std::sscanf(line.c_str(), "%d,%*u,%lu", &r.prio, &r.usec);
    r.prio &= 7;
    r.message = std::string(record->message);
    records.push_back(std::move(r));
  }
  return records;
}

// The forms `collector parse` must read, rendered from the same records.
inline std::string as_kmsg(const std::vector<Record>& records) {
  std::string text;
  char head[96];
  for (const Record& r : records) {
    std::snprintf(head, sizeof head, "%d,%lu,%lu,-;", r.prio, r.seq, r.usec);
    text += head + r.message + "\n";
  }
  return text;
}

inline std::string time_prefix(const Record& r) {
  char head[48];
  std::snprintf(head, sizeof head, "[%5lu.%06lu] ", r.usec / 1000000, r.usec % 1000000);
  return head;
}

inline std::string as_dmesg(const std::vector<Record>& records) {
  std::string text;
  for (const Record& r : records) text += time_prefix(r) + r.message + "\n";
  return text;
}

inline std::string as_dmesg_no_time(const std::vector<Record>& records) {
  std::string text;
  for (const Record& r : records) text += r.message + "\n";
  return text;
}

inline std::string as_dmesg_raw(const std::vector<Record>& records) {
  std::string text;
  for (const Record& r : records) {
    text += "<" + std::to_string(r.prio) + ">" + time_prefix(r) + r.message + "\n";
  }
  return text;
}

inline std::string as_journal(const std::vector<Record>& records) {
  std::string text = "-- Logs begin at Thu 2026-11-26 21:40:00 UTC. --\n";
  for (const Record& r : records) {
    std::string prefix = time_prefix(r);
    prefix.pop_back();  // journalctl: "[    4.594452] vm kernel: msg"
    text += prefix + " vm kernel: " + r.message + "\n";
  }
  return text;
}

// Records renumbered from first_seq on (after inserting or deleting messages).
inline std::vector<Record> renumber(std::vector<Record> records, uint64_t first_seq) {
  for (Record& r : records) r.seq = first_seq++;
  return records;
}

inline Record message(std::string text) {
  Record r;
  r.message = std::move(text);
  return r;
}

// The capture's "ioprobe run" header.
inline RunHeader header_of(std::string_view user_log) {
  for (const std::string& line : split_lines(user_log)) {
    const ParsedLine parsed = parse_line(line);
    if (const auto* header = std::get_if<RunHeader>(&parsed)) return *header;
  }
  throw std::runtime_error("capture has no run header");
}

// seq of a stamp message ("ioprobe k ..." / "ioprobe u ..."), -1 for other lines.
inline int64_t stamp_seq(std::string_view line) {
  const ParsedLine parsed = parse_line(line);
  if (const auto* k = std::get_if<KernelStamp>(&parsed)) return k->seq;
  if (const auto* u = std::get_if<UserStamp>(&parsed)) return u->seq;
  return -1;
}

inline PairingResult pair_text(const std::string& user, const std::string& kernel,
                               PairingOptions options = {}) {
  const std::vector<LogSource> users{LogSource::text("user.log", user)};
  const std::vector<LogSource> kernels{LogSource::text("kernel.log", kernel)};
  return pair_logs(users, kernels, options);
}

inline uint64_t reason(const PairingResult& r, RejectReason why) {
  return r.counts.rejected_by_reason[static_cast<std::size_t>(why)];
}

inline LogFormat kernel_format(const PairingResult& r) {
  for (const LogFormatUsed& used : r.log_formats) {
    if (used.role == "kernel") return used.format;
  }
  return LogFormat::kAuto;
}

}  // namespace iprobe::hostile
