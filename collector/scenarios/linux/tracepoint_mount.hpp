// tracefs for one --probe tracepoint run. Found where it is mounted; or, when it is mounted
// nowhere, mounted by the collector (root) at /sys/kernel/tracing for the run and unmounted
// after it, on every path the guard's destruction covers (normal end, exception, a SIGINT or
// SIGTERM that ended the run). The mount's source names its owner (tracepoint_owner.hpp), so
// that a mount left by a collector that was killed is taken over and unmounted by the next run,
// while a tracefs mounted by anyone else is never unmounted. libtracefs is pointed at the
// directory found here, so it never mounts anything itself.
#pragma once

#include <filesystem>
#include <string>

#include "scenarios/linux/tracepoint_owner.hpp"

namespace iprobe {

inline constexpr const char* kTracefsDir = "/sys/kernel/tracing";

struct TracefsMountEntry {
  std::string dir;     // where it is mounted, "" when nowhere
  std::string source;  // the mount's source ("nodev", "tracefs", "ioprobe-PID-START")
};

// The first tracefs mount listed in `mounts` (a /proc/mounts file).
TracefsMountEntry find_tracefs_mount(const std::filesystem::path& mounts = "/proc/mounts");
// Whether the kernel has tracefs at all (a line "nodev tracefs" in /proc/filesystems).
bool tracefs_supported(const std::filesystem::path& filesystems = "/proc/filesystems");

class TracefsMount {
 public:
  // Mounts tracefs when it is mounted nowhere; throws std::runtime_error when that fails.
  explicit TracefsMount(const TraceOwner& owner);
  ~TracefsMount();
  TracefsMount(const TracefsMount&) = delete;
  TracefsMount& operator=(const TracefsMount&) = delete;

  [[nodiscard]] const std::string& dir() const { return dir_; }
  // What this run did to the mount, for the record: "" when it found tracefs mounted and left it.
  [[nodiscard]] const std::string& note() const { return note_; }
  // Whether this run unmounts it (it mounted it, or took over a killed run's mount).
  [[nodiscard]] bool ours() const { return ours_; }
  // Unmounts it now when it is this run's (not while another live run still has an instance in
  // it: that run unmounts it when it is done); returns a warning line, or "".
  std::string release();

 private:
  TraceOwner owner_;
  std::string dir_;
  std::string note_;
  bool ours_ = false;
};

}  // namespace iprobe
