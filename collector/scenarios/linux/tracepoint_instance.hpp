// Only its .cpp includes libtracefs' header (Debian 12's 1.6.4 header needs a C++ work-around,
// kept in one place).
//
// --probe tracepoint: a private tracefs instance (instances/<name>), created for one run and
// removed when the guard dies (normal end, exception, or a signal that ended the run), so the
// system's own trace buffer and settings are never touched. Plus the prerequisite checks and
// the removal of instances left by runs that were killed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "scenarios/linux/tracepoint_owner.hpp"
#include "util/run_facts.hpp"

struct tracefs_instance;
struct tep_handle;
struct tep_event;
struct tep_record;

namespace iprobe {

// Root, and a kernel with tracefs: throws std::runtime_error with one line saying which is
// missing and what to do. When tracefs is mounted, also checks the syscall tracepoints.
void check_tracepoint_prerequisites();
// The syscall tracepoints in the tracefs at `dir`: throws when the kernel has none.
void check_syscall_tracepoints(const std::string& dir);
// Every libtracefs call of this process uses the tracefs at `dir` from now on (left to itself,
// libtracefs would mount one where it finds none).
void use_tracefs_dir(const std::string& dir);

// Events the ring buffer of an instance lost, summed over its CPUs (per_cpu/*/stats).
struct TraceLoss {
  uint64_t overrun = 0;         // overwritten by newer events (overwrite mode)
  uint64_t commit_overrun = 0;  // lost while an event was being committed (nested writers)
  uint64_t dropped = 0;         // refused by a full buffer (no-overwrite mode)
  [[nodiscard]] uint64_t events() const { return overrun + commit_overrun + dropped; }
};

// Instances named ioprobe-* whose owner (tracepoint_owner.hpp) no longer runs: left by a run
// that was killed, with the ioctl tracepoints on. Removes them; names without an owner (older
// collectors) are reported, not removed.
StaleInstances remove_stale_instances();

class TraceInstance {
 public:
  // Creates instances/<name>; refuses (throws) when it existed already, even when another run
  // created it between a check and the creation: it is not ours to use or remove.
  explicit TraceInstance(const std::string& name);
  ~TraceInstance();
  TraceInstance(const TraceInstance&) = delete;
  TraceInstance& operator=(const TraceInstance&) = delete;

  // Writes one tracefs file of the instance (e.g. "trace_clock",
  // "events/syscalls/sys_enter_ioctl/filter"); throws naming the file.
  void write(const std::string& file, const std::string& value);
  [[nodiscard]] std::string read(const std::string& file) const;
  [[nodiscard]] TraceLoss lost_events() const;
  // Reads every event of the ring buffer (consuming it); cb returns non-zero to stop.
  using EventCallback = int (*)(tep_event*, tep_record*, int cpu, void* data);
  void read_events(tep_handle* tep, EventCallback cb, void* data) const;
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  struct Remover {
    void operator()(tracefs_instance* instance) const;
  };
  std::string name_;
  std::unique_ptr<tracefs_instance, Remover> instance_;
};

// The event formats of the syscalls system only (parsing every event on a big system is slow).
struct TepDeleter {
  void operator()(tep_handle* tep) const;
};
using TepHandle = std::unique_ptr<tep_handle, TepDeleter>;
TepHandle load_syscall_event_formats();

}  // namespace iprobe
