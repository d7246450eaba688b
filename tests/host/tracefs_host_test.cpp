// tracefs as the collector handles it, on this machine: mounted for a run and unmounted after,
// someone else's mount left alone, a killed run's mount and instances taken over, an instance
// name that exists refused. Root and a kernel with tracefs, else SKIPPED.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "scenarios/linux/tracepoint_instance.hpp"
#include "scenarios/linux/tracepoint_mount.hpp"
#include "scenarios/linux/tracepoint_owner.hpp"
#include "util/file_util.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

// A process that ran and was reaped: an owner that is certainly dead.
TraceOwner dead_owner() {
  const pid_t child = ::fork();
  if (child == 0) {
    ::pause();
    ::_exit(0);
  }
  const TraceOwner owner = process_owner(child).value();
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  return owner;
}

class HostTracefs : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root";
    if (!tracefs_supported()) GTEST_SKIP() << "this kernel has no tracefs";
    if (!find_tracefs_mount().dir.empty())
      GTEST_SKIP() << "tracefs is mounted already (by someone else): these tests need it unmounted";
    self_ = this_trace_owner();
  }
  // Leaves tracefs as found: unmounted, without the instances made here (an instance outlives
  // an unmount: it is mounted again to be removed).
  void TearDown() override {
    if (!made_instances_.empty() && find_tracefs_mount().dir.empty())
      ::mount("nodev", kTracefsDir, "tracefs", 0, nullptr);
    for (const std::string& name : made_instances_) ::rmdir((instances() / name).c_str());
    for (int i = 0; i < 4 && find_tracefs_mount().dir == kTracefsDir; ++i)
      ::umount2(kTracefsDir, MNT_DETACH);
  }
  static fs::path instances() { return fs::path(kTracefsDir) / "instances"; }
  void make_instance(const std::string& name) {
    ASSERT_EQ(::mkdir((instances() / name).c_str(), 0755), 0) << name;
    made_instances_.push_back(name);
  }
  TraceOwner self_;
  std::vector<std::string> made_instances_;
};

TEST_F(HostTracefs, MountedForTheRunAndUnmountedAfter) {
  TracefsMount mount(self_);
  const TracefsMountEntry found = find_tracefs_mount();
  EXPECT_EQ(found.dir, kTracefsDir);
  EXPECT_EQ(found.source, trace_mount_source(self_));
  EXPECT_EQ(mount.note(), std::string("tracefs was not mounted: mounted on ") + kTracefsDir +
                              " for this run and unmounted after it");
  EXPECT_EQ(mount.release(), "");
  EXPECT_EQ(find_tracefs_mount().dir, "");
}

TEST_F(HostTracefs, TheGuardUnmountsOnAnException) {
  try {
    TracefsMount mount(self_);
    throw std::runtime_error("the run failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(find_tracefs_mount().dir, "");
}

TEST_F(HostTracefs, SomeoneElsesMountIsNeverUnmounted) {
  ASSERT_EQ(::mount("nodev", kTracefsDir, "tracefs", 0, nullptr), 0);
  {
    TracefsMount mount(self_);
    EXPECT_EQ(mount.note(), "");
    EXPECT_EQ(mount.release(), "");
  }
  EXPECT_EQ(find_tracefs_mount().source, "nodev");
}

TEST_F(HostTracefs, AKilledRunsMountIsTakenOverAndUnmounted) {
  const TraceOwner killed = dead_owner();
  const std::string source = trace_mount_source(killed);
  ASSERT_EQ(::mount(source.c_str(), kTracefsDir, "tracefs", 0, nullptr), 0);
  TracefsMount mount(self_);
  EXPECT_NE(mount.note().find("by a collector run that was killed (pid " +
                              std::to_string(killed.pid) + ")"),
            std::string::npos)
      << mount.note();
  EXPECT_EQ(mount.release(), "");
  EXPECT_EQ(find_tracefs_mount().dir, "");
}

// Another run still measures in this tracefs: the mount stays for it (it unmounts it later).
TEST_F(HostTracefs, AMountAnotherLiveRunUsesStays) {
  const pid_t other = ::fork();
  if (other == 0) {
    ::pause();
    ::_exit(0);
  }
  TracefsMount mount(self_);
  make_instance(trace_instance_name(7, process_owner(other).value()));
  const std::string warning = mount.release();
  ::kill(other, SIGKILL);
  ::waitpid(other, nullptr, 0);
  EXPECT_NE(warning.find("the collector run of pid " + std::to_string(other) + " still uses it"),
            std::string::npos)
      << warning;
  EXPECT_EQ(find_tracefs_mount().dir, kTracefsDir);
}

// Made by another run between a check and the creation: found, not created, refused, kept.
TEST_F(HostTracefs, AnInstanceThatExistsIsRefusedAndKept) {
  TracefsMount mount(self_);
  use_tracefs_dir(mount.dir());
  const std::string name = trace_instance_name(0x1234, self_);
  make_instance(name);
  try {
    TraceInstance instance(name);
    FAIL() << "an existing instance was taken";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("already exists"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_directory(instances() / name));
}

TEST_F(HostTracefs, InstancesOfKilledRunsAreRemovedOthersKept) {
  TracefsMount mount(self_);
  use_tracefs_dir(mount.dir());
  const std::string killed = trace_instance_name(1, dead_owner());
  const std::string live = trace_instance_name(2, self_);
  const std::string unowned = "ioprobe-0000abcd";
  for (const std::string& name : {killed, live, unowned}) make_instance(name);
  write_text_file(instances() / killed / "events/syscalls/sys_enter_ioctl/enable", "1");
  const StaleInstances stale = remove_stale_instances();
  EXPECT_EQ(stale.removed, std::vector<std::string>{killed});
  EXPECT_EQ(stale.unowned, std::vector<std::string>{unowned});
  EXPECT_FALSE(fs::exists(instances() / killed));
  EXPECT_TRUE(fs::is_directory(instances() / live));
  EXPECT_TRUE(fs::is_directory(instances() / unowned));
}

}  // namespace
}  // namespace iprobe
