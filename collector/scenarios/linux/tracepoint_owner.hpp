// Who owns what a --probe tracepoint run leaves in tracefs while it runs (its instance, the
// tracefs mount it made): the collector's process id and start time, written into the name
// ("ioprobe-RUN-PID-START" for an instance, "ioprobe-PID-START" as a mount's source). A later
// run tells a live owner from one that was killed (SIGKILL, OOM) by both: a pid alone may have
// been reused since.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace iprobe {

struct TraceOwner {
  int pid = 0;
  uint64_t start_ticks = 0;  // field 22 of /proc/PID/stat: clock ticks after boot
  bool operator==(const TraceOwner&) const = default;
};

// This process. Throws std::runtime_error when /proc/self/stat cannot be read.
TraceOwner this_trace_owner(const std::filesystem::path& proc = "/proc");
// The process `pid` as an owner; nullopt when there is no such process.
std::optional<TraceOwner> process_owner(int pid, const std::filesystem::path& proc = "/proc");
// A process that runs (not a zombie) and started when the owner did.
bool owner_alive(const TraceOwner& owner, const std::filesystem::path& proc = "/proc");

inline constexpr std::string_view kTracePrefix = "ioprobe-";

// "ioprobe-0000abcd-1234-98765": the instance of run `run` owned by `owner`.
std::string trace_instance_name(uint32_t run, const TraceOwner& owner);
// "ioprobe-1234-98765": the source of a tracefs mount made by `owner`.
std::string trace_mount_source(const TraceOwner& owner);
// The owner written at the end of an "ioprobe-..." name; nullopt for a name that has none
// (another prefix, or the "ioprobe-RUN" instances of older collectors).
std::optional<TraceOwner> trace_owner_of(std::string_view name);

}  // namespace iprobe
