#include "scenarios/linux/tracepoint_instance.hpp"

#include <mntent.h>
// Debian 12's libtracefs 1.6.4 header is C, not C++: it declares its functions without
// extern "C", and its inline histogram helpers pass a plain int where the function takes an
// enum. An overload with C++ linkage taking that int is declared first, so those calls compile;
// it forwards to the library's function.
struct tracefs_instance;
struct tracefs_hist;
static int tracefs_hist_command(tracefs_instance* instance, tracefs_hist* hist, int command);
extern "C" {
#include <tracefs/tracefs.h>
}
static int tracefs_hist_command(tracefs_instance* instance, tracefs_hist* hist, int command) {
  return tracefs_hist_command(instance, hist, static_cast<enum tracefs_hist_command>(command));
}
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace iprobe {

namespace {

// Where tracefs is mounted according to /proc/mounts, "" when it is not. (libtracefs would
// mount it when it is missing: a change to the system we do not make behind the user's back.)
std::string tracefs_mount_point() {
  std::unique_ptr<FILE, int (*)(FILE*)> mounts(setmntent("/proc/mounts", "r"), endmntent);
  if (!mounts) return "";
  while (const mntent* m = getmntent(mounts.get()))
    if (std::string(m->mnt_type) == "tracefs") return m->mnt_dir;
  return "";
}

// "name: N" in a per_cpu stats file, 0 when absent.
uint64_t stats_value(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(name + ": ", 0) == 0)
      return std::strtoull(line.c_str() + name.size() + 2, nullptr, 10);
  return 0;
}

}  // namespace

void check_tracepoint_prerequisites() {
  if (geteuid() != 0)
    throw std::runtime_error(
        "--probe tracepoint needs root (it creates a tracefs instance): run it with sudo, or "
        "use --scenario linux-qemu");
  const std::string dir = tracefs_mount_point();
  if (dir.empty())
    throw std::runtime_error(
        "tracefs is not mounted: mount it with `mount -t tracefs nodev /sys/kernel/tracing` "
        "(the kernel needs CONFIG_FTRACE), or use --scenario linux-qemu");
  if (!fs::exists(fs::path(dir) / "events/syscalls/sys_enter_ioctl"))
    throw std::runtime_error(
        "this kernel has no syscall tracepoints (" + dir +
        "/events/syscalls/sys_enter_ioctl is missing): it needs CONFIG_FTRACE_SYSCALLS=y; use "
        "--probe patch or module, or --scenario linux-qemu");
}

void TraceInstance::Remover::operator()(tracefs_instance* instance) const {
  tracefs_instance_destroy(instance);  // removes instances/<name>: nothing of it stays behind
  tracefs_instance_free(instance);
}

TraceInstance::TraceInstance(const std::string& name) : name_(name) {
  if (tracefs_instance_exists(name.c_str()))
    throw std::runtime_error("tracefs instance " + name +
                             " already exists: another collector run is using it, or remove it "
                             "with rmdir /sys/kernel/tracing/instances/" +
                             name);
  instance_.reset(tracefs_instance_create(name.c_str()));
  if (!instance_)
    throw std::runtime_error("cannot create the tracefs instance " + name +
                             " (instances/ not writable?)");
}

TraceInstance::~TraceInstance() = default;

void TraceInstance::write(const std::string& file, const std::string& value) {
  if (tracefs_instance_file_write(instance_.get(), file.c_str(), value.c_str()) < 0)
    throw std::runtime_error("cannot write '" + value + "' to tracefs instances/" + name_ + "/" +
                             file);
}

std::string TraceInstance::read(const std::string& file) const {
  int size = 0;
  std::unique_ptr<char, decltype(&free)> text(
      tracefs_instance_file_read(instance_.get(), file.c_str(), &size), free);
  if (!text) throw std::runtime_error("cannot read tracefs instances/" + name_ + "/" + file);
  return {text.get(), static_cast<size_t>(size)};
}

uint64_t TraceInstance::lost_events() const {
  std::unique_ptr<char, decltype(&free)> dir(tracefs_instance_get_dir(instance_.get()), free);
  if (!dir) throw std::runtime_error("cannot find tracefs instances/" + name_);
  uint64_t lost = 0;
  for (const auto& cpu : fs::directory_iterator(fs::path(dir.get()) / "per_cpu")) {
    const std::string stats = read("per_cpu/" + cpu.path().filename().string() + "/stats");
    lost += stats_value(stats, "overrun") + stats_value(stats, "dropped events");
  }
  return lost;
}

void TraceInstance::read_events(tep_handle* tep, EventCallback cb, void* data) const {
  if (tracefs_iterate_raw_events(tep, instance_.get(), nullptr, 0, cb, data) < 0)
    throw std::runtime_error("cannot read the trace events of tracefs instances/" + name_);
}

void TepDeleter::operator()(tep_handle* tep) const { tep_free(tep); }

TepHandle load_syscall_event_formats() {
  const char* systems[] = {"syscalls", nullptr};
  TepHandle tep(tracefs_local_events_system(nullptr, systems));
  if (!tep) throw std::runtime_error("cannot read the syscall event formats from tracefs");
  return tep;
}

}  // namespace iprobe
