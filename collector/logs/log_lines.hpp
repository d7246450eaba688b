// Streams the lines of one log, each split down to its message in the log's form (detected
// from its first bytes unless forced), to a callback; open and read failures become one-line
// errors naming the log and the line number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <istream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "logs/log_format.hpp"
#include "logs/log_reader.hpp"
#include "logs/log_source.hpp"

namespace iprobe {

struct LogScan {
  LogFormat format = LogFormat::kDmesg;  // the form the log was read as
  uint64_t overlong = 0;                 // lines longer than max_line
};

// Calls on_line(const Line&, const LogLine& split, LogFormat) for every line of log. role ("user"
// or "kernel") names the log in errors: "<role> log '<name>' line <n>: <what>".
template <typename OnLine>
LogScan for_each_log_line(const LogSource& log, std::string_view role, std::size_t max_line,
                          LogFormat forced, OnLine&& on_line) {
  uint64_t line_number = 0;
  try {
    const std::unique_ptr<std::istream> stream = log.open();
    LineReader reader(*stream, max_line);
    LogScan scan;
    scan.format = forced != LogFormat::kAuto ? forced : detect_format(reader.peek(kDetectBytes));
    while (const std::optional<Line> line = reader.next()) {
      line_number = reader.lines();
      on_line(*line, split_log_line(scan.format, line->text), scan.format);
    }
    scan.overlong = reader.overlong();
    return scan;
  } catch (const std::exception& e) {
    std::string where = std::string(role) + " log '" + log.name + "'";
    if (line_number > 0) where += " line " + std::to_string(line_number);
    throw std::runtime_error(where + ": " + e.what());
  }
}

}  // namespace iprobe
