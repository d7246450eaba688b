// A named log the collector reads: a file on disk or text held in memory (tests). Each call of
// open() starts a fresh stream over the whole log, so a log can be read more than once.
#pragma once

#include <filesystem>
#include <functional>
#include <istream>
#include <memory>
#include <string>

namespace iprobe {

struct LogSource {
  std::string name;  // path or label, used in messages
  // Throws std::runtime_error("cannot open: <reason>") when the log cannot be opened.
  std::function<std::unique_ptr<std::istream>()> open;
  // open() gives the same content each time (regular file, text). A pipe or FIFO does not:
  // such a log can only be read once (kernel logs), never as a user log (read twice).
  bool rereadable = true;

  static LogSource file(const std::filesystem::path& path);
  static LogSource text(std::string name, std::string content);
};

}  // namespace iprobe
