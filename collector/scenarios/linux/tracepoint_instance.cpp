#include "scenarios/linux/tracepoint_instance.hpp"

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

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "scenarios/linux/tracepoint_mount.hpp"

namespace fs = std::filesystem;

namespace iprobe {

namespace {

// "name: N" in a per_cpu stats file, 0 when absent.
uint64_t stats_value(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(name + ": ", 0) == 0)
      return std::strtoull(line.c_str() + name.size() + 2, nullptr, 10);
  return 0;
}

using NameList = std::unique_ptr<char*, decltype(&tracefs_list_free)>;

}  // namespace

void check_tracepoint_prerequisites() {
  if (geteuid() != 0)
    throw std::runtime_error(
        "--probe tracepoint needs root (it creates a tracefs instance): run it with sudo, or "
        "use --scenario linux-qemu");
  const TracefsMountEntry mounted = find_tracefs_mount();
  if (!mounted.dir.empty()) return check_syscall_tracepoints(mounted.dir);
  if (!tracefs_supported() || !fs::is_directory(kTracefsDir))
    throw std::runtime_error(
        std::string("this kernel has no tracefs (no tracefs in /proc/filesystems, or no ") +
        kTracefsDir +
        "): it needs CONFIG_FTRACE and CONFIG_FTRACE_SYSCALLS; use --probe patch or module, or "
        "--scenario linux-qemu");
}

void check_syscall_tracepoints(const std::string& dir) {
  if (!fs::exists(fs::path(dir) / "events/syscalls/sys_enter_ioctl"))
    throw std::runtime_error(
        "this kernel has no syscall tracepoints (" + dir +
        "/events/syscalls/sys_enter_ioctl is missing): it needs CONFIG_FTRACE_SYSCALLS=y; use "
        "--probe patch or module, or --scenario linux-qemu");
}

void use_tracefs_dir(const std::string& dir) {
  std::string copy = dir;  // the 1.6.4 prototype takes a char* (it copies the text)
  if (tracefs_set_tracing_dir(copy.data()) != 0)
    throw std::runtime_error("libtracefs refuses the tracefs directory " + dir);
}

StaleInstances remove_stale_instances() {
  StaleInstances stale;
  const NameList names(tracefs_instances("^ioprobe-"), tracefs_list_free);
  for (char** name = names.get(); name != nullptr && *name != nullptr; ++name) {
    const auto owner = trace_owner_of(*name);
    if (!owner) {
      stale.unowned.emplace_back(*name);
      continue;
    }
    if (owner_alive(*owner)) continue;
    tracefs_instance* left = tracefs_instance_alloc(nullptr, *name);
    if (left == nullptr) continue;
    if (tracefs_instance_destroy(left) == 0) stale.removed.emplace_back(*name);
    tracefs_instance_free(left);
  }
  return stale;
}

void TraceInstance::Remover::operator()(tracefs_instance* instance) const {
  tracefs_instance_destroy(instance);  // removes instances/<name>: nothing of it stays behind
  tracefs_instance_free(instance);
}

TraceInstance::TraceInstance(const std::string& name) : name_(name) {
  // libtracefs creates it with mkdir when it is absent and says whether it did: found (or made
  // by another run between its check and its mkdir: EEXIST), it is not ours.
  errno = 0;
  tracefs_instance* made = tracefs_instance_create(name.c_str());
  const bool existed = made != nullptr ? !tracefs_instance_is_new(made) : errno == EEXIST;
  if (made != nullptr && existed) tracefs_instance_free(made);
  if (existed)
    throw std::runtime_error("tracefs instance " + name +
                             " already exists: another collector run is using it, or remove it "
                             "with rmdir " +
                             tracefs_tracing_dir() + "/instances/" + name);
  if (made == nullptr)
    throw std::runtime_error("cannot create the tracefs instance " + name + ": " +
                             std::strerror(errno));
  instance_.reset(made);
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

TraceLoss TraceInstance::lost_events() const {
  std::unique_ptr<char, decltype(&free)> dir(tracefs_instance_get_dir(instance_.get()), free);
  if (!dir) throw std::runtime_error("cannot find tracefs instances/" + name_);
  TraceLoss loss;
  for (const auto& cpu : fs::directory_iterator(fs::path(dir.get()) / "per_cpu")) {
    const std::string stats = read("per_cpu/" + cpu.path().filename().string() + "/stats");
    loss.overrun += stats_value(stats, "overrun");
    loss.commit_overrun += stats_value(stats, "commit overrun");
    loss.dropped += stats_value(stats, "dropped events");
  }
  return loss;
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
