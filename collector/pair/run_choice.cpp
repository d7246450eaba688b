#include "pair/run_choice.hpp"

#include <stdexcept>
#include <variant>

#include "logs/log_lines.hpp"
#include "logs/log_record.hpp"

namespace iprobe {
namespace {

struct HeaderEntry {
  RunHeader header;
  std::optional<TscFloor> floor;
};

struct UserScan {
  std::vector<HeaderEntry> headers;
  std::vector<LoopTotal> totals;
  uint64_t malformed_headers = 0;
};

UserScan scan_user_headers(std::span<const LogSource> user_logs, std::size_t max_line,
                           const std::function<LogFormat(const LogSource&)>& format_of) {
  UserScan scan;
  for (const LogSource& log : user_logs) {
    std::optional<std::size_t> current;  // header the next floor line belongs to
    for_each_log_line(log, "user", max_line, format_of(log),
                      [&](const Line& line, const LogLine& split, LogFormat format) {
                        if (line.overlong || holds_no_user_header(split.message)) return;
                        const ParsedLine parsed = read_log_record(format, line, split);
                        if (const auto* header = std::get_if<RunHeader>(&parsed)) {
                          scan.headers.push_back(HeaderEntry{*header, std::nullopt});
                          current = scan.headers.size() - 1;
                        } else if (const auto* floor = std::get_if<TscFloor>(&parsed)) {
                          if (current) scan.headers[*current].floor = *floor;
                        } else if (const auto* total = std::get_if<LoopTotal>(&parsed)) {
                          scan.totals.push_back(*total);
                        } else if (const auto* bad = std::get_if<Malformed>(&parsed)) {
                          if (bad->kind == LineKind::kRun) ++scan.malformed_headers;
                        }
                      });
  }
  return scan;
}

std::string list_names(std::span<const LogSource> logs) {
  std::string names;
  for (const LogSource& log : logs) {
    if (!names.empty()) names += ", ";
    names += "'" + log.name + "'";
  }
  return names;
}

[[noreturn]] void throw_no_header(std::span<const LogSource> user_logs,
                                  const PairingOptions& options, const UserScan& scan) {
  std::string message = "user log(s) " + list_names(user_logs) + " hold no `ioprobe run` header";
  if (options.run) message += " for run " + run_hex(*options.run);
  if (!scan.headers.empty()) {
    message += " (runs found:";
    for (const HeaderEntry& entry : scan.headers) message += " " + run_hex(entry.header.run);
    message += ")";
  }
  if (scan.malformed_headers > 0) {
    message += "; " + std::to_string(scan.malformed_headers) +
               " malformed run header line(s) were rejected";
  }
  throw std::runtime_error(message);
}

}  // namespace

ChosenRun choose_run(std::span<const LogSource> user_logs, const PairingOptions& options,
                     const std::function<LogFormat(const LogSource&)>& format_of) {
  if (user_logs.empty()) throw std::runtime_error("no user log given: nothing to pair");
  const UserScan scan = scan_user_headers(user_logs, options.max_line, format_of);
  const HeaderEntry* chosen = nullptr;
  for (const HeaderEntry& entry : scan.headers) {
    if (!options.run || entry.header.run == *options.run) chosen = &entry;
  }
  if (chosen == nullptr) throw_no_header(user_logs, options, scan);
  ChosenRun run{chosen->header, chosen->floor, std::nullopt, {}};
  const uint32_t id = run.header.run;
  if (run.header.iterations > options.max_iterations) {
    throw std::runtime_error(
        "run " + run_hex(id) + " announces " + std::to_string(run.header.iterations) +
        " iterations; the collector refuses more than " + std::to_string(options.max_iterations) +
        " (memory is sized by the iteration count)");
  }
  std::size_t same_id = 0;
  for (const HeaderEntry& entry : scan.headers) {
    if (entry.header.run == id) ++same_id;
  }
  if (same_id > 1) {
    run.warnings.push_back("run " + run_hex(id) + " has " + std::to_string(same_id) +
                           " run headers in the user logs; the last one was used");
  }
  for (const LoopTotal& total : scan.totals) {
    if (total.run == id) run.total = total;
  }
  return run;
}

}  // namespace iprobe
