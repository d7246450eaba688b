#include "scenarios/linux/tracepoint_mount.hpp"

#include <mntent.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <system_error>

namespace fs = std::filesystem;

namespace iprobe {
namespace {

using MountsFile = std::unique_ptr<FILE, int (*)(FILE*)>;

// The topmost tracefs mounted on `dir` (the last one listed), "" when none.
std::string top_source_at(const std::string& dir) {
  MountsFile mounts(setmntent("/proc/mounts", "r"), endmntent);
  std::string source;
  if (!mounts) return source;
  while (const mntent* m = getmntent(mounts.get()))
    if (std::string(m->mnt_type) == "tracefs" && m->mnt_dir == dir) source = m->mnt_fsname;
  return source;
}

// Another collector run that is alive and has an instance in this tracefs: its pid, else 0.
int other_live_owner(const std::string& dir, const TraceOwner& self) {
  std::error_code ec;
  for (fs::directory_iterator it(fs::path(dir) / "instances", ec), end; !ec && it != end;
       it.increment(ec)) {
    const auto owner = trace_owner_of(it->path().filename().string());
    if (owner && !(*owner == self) && owner_alive(*owner)) return owner->pid;
  }
  return 0;
}

}  // namespace

TracefsMountEntry find_tracefs_mount(const fs::path& mounts_file) {
  MountsFile mounts(setmntent(mounts_file.c_str(), "r"), endmntent);
  if (!mounts) return {};
  while (const mntent* m = getmntent(mounts.get()))
    if (std::string(m->mnt_type) == "tracefs") return {m->mnt_dir, m->mnt_fsname};
  return {};
}

bool tracefs_supported(const fs::path& filesystems) {
  std::ifstream in(filesystems);
  for (std::string line; std::getline(in, line);)
    if (line == "nodev\ttracefs") return true;
  return false;
}

TracefsMount::TracefsMount(const TraceOwner& owner) : owner_(owner) {
  const TracefsMountEntry found = find_tracefs_mount();
  if (!found.dir.empty()) {
    dir_ = found.dir;
    const auto left_by = trace_owner_of(found.source);
    if (left_by && !(*left_by == owner) && !owner_alive(*left_by)) {
      ours_ = true;
      note_ = "tracefs was left mounted at " + dir_ + " by a collector run that was killed (pid " +
              std::to_string(left_by->pid) + "): unmounted after this run";
    }
    return;
  }
  const std::string source = trace_mount_source(owner);
  if (::mount(source.c_str(), kTracefsDir, "tracefs", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) !=
      0)
    throw std::runtime_error(std::string("tracefs is not mounted and mounting it on ") +
                             kTracefsDir + " failed: " + std::strerror(errno) +
                             "; mount it with `mount -t tracefs nodev " + kTracefsDir + "`");
  dir_ = kTracefsDir;
  ours_ = true;
  note_ = std::string("tracefs was not mounted: mounted on ") + kTracefsDir +
          " for this run and unmounted after it";
}

TracefsMount::~TracefsMount() { release(); }

std::string TracefsMount::release() {
  if (!ours_) return "";
  ours_ = false;
  // Someone mounted another tracefs on top of ours since: that one is not ours to remove.
  const auto top = trace_owner_of(top_source_at(dir_));
  const bool ours_on_top = top && (*top == owner_ || !owner_alive(*top));
  if (!ours_on_top)
    return "tracefs on " + dir_ + " was left mounted: the mount on top is no longer this run's";
  if (const int pid = other_live_owner(dir_, owner_); pid != 0)
    return "tracefs on " + dir_ + " was left mounted: the collector run of pid " +
           std::to_string(pid) + " still uses it (it unmounts it when it is done)";
  if (::umount2(dir_.c_str(), 0) == 0) return "";
  if (errno == EBUSY && ::umount2(dir_.c_str(), MNT_DETACH) == 0)
    return "tracefs on " + dir_ +
           " was busy (a process has a file of it open): detached, the kernel unmounts it when "
           "that file is closed";
  return "cannot unmount tracefs from " + dir_ + ": " + std::strerror(errno) +
         "; unmount it with `umount " + dir_ + "`";
}

}  // namespace iprobe
