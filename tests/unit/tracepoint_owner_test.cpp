// Owners of what a tracepoint run leaves in tracefs: names that carry them, live and dead
// owners (a pid reused by another process is not the owner), and where tracefs is mounted.
#include "scenarios/linux/tracepoint_owner.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "scenarios/linux/tracepoint_mount.hpp"
#include "util/file_util.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

TEST(TraceOwner, NamesCarryTheOwner) {
  const TraceOwner owner{4321, 987654};
  EXPECT_EQ(trace_instance_name(0xabcd, owner), "ioprobe-0000abcd-4321-987654");
  EXPECT_EQ(trace_mount_source(owner), "ioprobe-4321-987654");
  EXPECT_EQ(trace_owner_of(trace_instance_name(0xabcd, owner)), owner);
  EXPECT_EQ(trace_owner_of(trace_mount_source(owner)), owner);
}

TEST(TraceOwner, NamesWithoutAnOwnerHaveNone) {
  EXPECT_FALSE(trace_owner_of("ioprobe-0000abcd"));  // an older collector's instance
  EXPECT_FALSE(trace_owner_of("ioprobe-"));
  EXPECT_FALSE(trace_owner_of("nodev"));
  EXPECT_FALSE(trace_owner_of("tracefs"));
  EXPECT_FALSE(trace_owner_of("mine-0000abcd-1-2"));
  EXPECT_FALSE(trace_owner_of("ioprobe-0000abcd-x-2"));
  EXPECT_FALSE(trace_owner_of("ioprobe-0000abcd-12-"));
  EXPECT_FALSE(trace_owner_of("ioprobe-0000abcd-0-5"));
}

TEST(TraceOwner, ThisProcessIsAlive) {
  const TraceOwner self = this_trace_owner();
  EXPECT_EQ(self.pid, getpid());
  EXPECT_GT(self.start_ticks, 0u);
  EXPECT_TRUE(owner_alive(self));
}

TEST(TraceOwner, APidThatStartedAtAnotherTimeIsNotTheOwner) {
  TraceOwner other = this_trace_owner();
  other.start_ticks += 1;
  EXPECT_FALSE(owner_alive(other));
}

TEST(TraceOwner, AnExitedProcessIsNotAlive) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::pause();
    ::_exit(0);
  }
  const std::optional<TraceOwner> owner = process_owner(child);
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->pid, child);
  EXPECT_TRUE(owner_alive(*owner));
  ::kill(child, SIGKILL);
  // A zombie (killed, not reaped yet) is no live owner; nor is a process that is gone.
  siginfo_t info{};
  ::waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOWAIT);
  EXPECT_FALSE(owner_alive(*owner));
  ::waitpid(child, nullptr, 0);
  EXPECT_FALSE(owner_alive(*owner));
  EXPECT_FALSE(process_owner(child));
}

class TracefsMountTable : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tracefs-mount-test-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(TracefsMountTable, TheFirstTracefsMountWithItsSource) {
  write_text_file(dir_ / "mounts",
                  "sysfs /sys sysfs rw,nosuid 0 0\n"
                  "ioprobe-12-34 /sys/kernel/tracing tracefs rw,relatime 0 0\n"
                  "nodev /mnt/t tracefs rw 0 0\n");
  const TracefsMountEntry found = find_tracefs_mount(dir_ / "mounts");
  EXPECT_EQ(found.dir, "/sys/kernel/tracing");
  EXPECT_EQ(found.source, "ioprobe-12-34");
  write_text_file(dir_ / "mounts", "sysfs /sys sysfs rw,nosuid 0 0\n");
  EXPECT_EQ(find_tracefs_mount(dir_ / "mounts").dir, "");
}

TEST_F(TracefsMountTable, TracefsSupportFromProcFilesystems) {
  write_text_file(dir_ / "filesystems", "nodev\tsysfs\nnodev\ttracefs\n\text4\n");
  EXPECT_TRUE(tracefs_supported(dir_ / "filesystems"));
  write_text_file(dir_ / "filesystems", "nodev\tsysfs\n\text4\n");
  EXPECT_FALSE(tracefs_supported(dir_ / "filesystems"));
}

}  // namespace
}  // namespace iprobe
