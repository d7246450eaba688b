// Only its .cpp includes libtracefs' header (Debian 12's 1.6.4 header needs a C++ work-around,
// kept in one place).
//
// --probe tracepoint: a private tracefs instance (instances/<name>), created for one run and
// removed when the guard dies (normal end, exception, or a signal that ended the run), so the
// system's own trace buffer and settings are never touched. Plus the prerequisite checks.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

struct tracefs_instance;
struct tep_handle;
struct tep_event;
struct tep_record;

namespace iprobe {

// Root, tracefs mounted, syscall tracepoints built in: throws std::runtime_error with one line
// saying which is missing and what to do. Never mounts anything itself.
void check_tracepoint_prerequisites();

class TraceInstance {
 public:
  // Refuses a name that already exists (not ours to remove).
  explicit TraceInstance(const std::string& name);
  ~TraceInstance();
  TraceInstance(const TraceInstance&) = delete;
  TraceInstance& operator=(const TraceInstance&) = delete;

  // Writes one tracefs file of the instance (e.g. "trace_clock",
  // "events/syscalls/sys_enter_ioctl/filter"); throws naming the file.
  void write(const std::string& file, const std::string& value);
  [[nodiscard]] std::string read(const std::string& file) const;
  // Events the ring buffer lost on any CPU ("overrun" + "dropped events" of per_cpu/*/stats).
  [[nodiscard]] uint64_t lost_events() const;
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
