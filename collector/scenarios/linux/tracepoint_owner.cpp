#include "scenarios/linux/tracepoint_owner.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "logs/stamp_line.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

struct ProcStat {
  char state = '?';
  uint64_t start_ticks = 0;
};

// State (field 3) and start time (field 22) of /proc/PID/stat; the command name (field 2) may
// hold spaces and parentheses, so fields are counted from its last ')'.
std::optional<ProcStat> read_proc_stat(const fs::path& proc, const std::string& pid) {
  std::ifstream in(proc / pid / "stat");
  std::string text;
  if (!std::getline(in, text)) return std::nullopt;
  const auto close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(text.substr(close + 1));
  ProcStat stat;
  std::string skip;
  fields >> stat.state;
  for (int field = 4; field < 22; ++field) fields >> skip;
  if (!(fields >> stat.start_ticks)) return std::nullopt;
  return stat;
}

template <typename T>
std::optional<T> decimal(std::string_view text) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

TraceOwner this_trace_owner(const fs::path& proc) {
  const auto stat = read_proc_stat(proc, "self");
  if (!stat) throw std::runtime_error("cannot read " + (proc / "self/stat").string());
  TraceOwner owner;
  owner.pid = std::stoi(fs::read_symlink(proc / "self").string());
  owner.start_ticks = stat->start_ticks;
  return owner;
}

std::optional<TraceOwner> process_owner(int pid, const fs::path& proc) {
  const auto stat = read_proc_stat(proc, std::to_string(pid));
  if (!stat) return std::nullopt;
  return TraceOwner{pid, stat->start_ticks};
}

bool owner_alive(const TraceOwner& owner, const fs::path& proc) {
  const auto stat = read_proc_stat(proc, std::to_string(owner.pid));
  return stat && stat->state != 'Z' && stat->state != 'X' && stat->start_ticks == owner.start_ticks;
}

std::string trace_instance_name(uint32_t run, const TraceOwner& owner) {
  return std::string(kTracePrefix) + run_hex(run) + "-" + std::to_string(owner.pid) + "-" +
         std::to_string(owner.start_ticks);
}

std::string trace_mount_source(const TraceOwner& owner) {
  return std::string(kTracePrefix) + std::to_string(owner.pid) + "-" +
         std::to_string(owner.start_ticks);
}

std::optional<TraceOwner> trace_owner_of(std::string_view name) {
  if (name.substr(0, kTracePrefix.size()) != kTracePrefix) return std::nullopt;
  const auto last = name.rfind('-');
  const auto middle = name.rfind('-', last - 1);
  if (middle < kTracePrefix.size() - 1 || middle == std::string_view::npos) return std::nullopt;
  const auto pid = decimal<int>(name.substr(middle + 1, last - middle - 1));
  const auto start = decimal<uint64_t>(name.substr(last + 1));
  if (!pid || !start || *pid <= 0) return std::nullopt;
  return TraceOwner{*pid, *start};
}

}  // namespace iprobe
