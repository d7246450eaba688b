// run_child with real programs (/bin/sh scripts): how a child ended, and that a stopped child
// (and what it started) is dead and reaped when run_child returns.
#include "scenarios/common/child_process.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "util/file_util.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

class ChildProcess : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("child-process-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  ChildSpec shell(const std::string& script) const {
    ChildSpec spec;
    spec.program = "/bin/sh";
    spec.args = {"-c", script};
    spec.stdout_file = dir_ / "out.txt";
    spec.stderr_file = dir_ / "err.txt";
    spec.poll_interval = std::chrono::milliseconds(5);
    return spec;
  }
  std::string output() const { return read_text_file(dir_ / "out.txt", 4096); }

  fs::path dir_;
};

// A process that no longer runs: gone, or a zombie waiting for its (new) parent.
bool no_longer_runs(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return true;
  const auto close = text.rfind(')');
  return close != std::string::npos && text.size() > close + 2 && text[close + 2] == 'Z';
}

bool stops_running_within(pid_t pid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!no_longer_runs(pid)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

TEST_F(ChildProcess, AnExitStatusIsReportedAsOne) {
  const ChildResult r = run_child(shell("echo out; exit 3"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.signal, 0);
  EXPECT_FALSE(r.timed_out || r.interrupted || r.stopped);
  EXPECT_EQ(describe_end(r), "exited with status 3");
  EXPECT_EQ(output(), "out\n");
}

TEST_F(ChildProcess, AProgramThatKillsItselfHalfWayIsReportedKilledByItsSignal) {
  const ChildResult r = run_child(shell("echo first half; kill -SEGV $$; echo second half"));
  EXPECT_EQ(r.signal, SIGSEGV);
  EXPECT_EQ(r.exit_code, 128 + SIGSEGV);
  EXPECT_EQ(describe_end(r), "was killed by signal 11 (SIGSEGV: Segmentation fault)");
  EXPECT_EQ(output(), "first half\n");
}

TEST_F(ChildProcess, AChildKilledFromOutsideIsReportedKilled) {
  ChildSpec spec = shell("exec sleep 30");
  spec.on_start = [](int pid) { ::kill(pid, SIGKILL); };
  const ChildResult r = run_child(spec);
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_FALSE(r.timed_out || r.interrupted || r.stopped);
}

// The child and its own child ignore SIGTERM: the timeout escalates to SIGKILL, and both are
// dead when run_child returns, the child reaped (kill(pid, 0) finds no zombie).
TEST_F(ChildProcess, AChildIgnoringSigtermIsKilledAndReapedOnTimeout) {
  ChildSpec spec = shell("trap '' TERM; sleep 30 & echo $! > " + (dir_ / "grandchild").string() +
                         "; echo started; wait");
  spec.timeout = std::chrono::milliseconds(300);
  spec.stop_grace = std::chrono::milliseconds(200);
  pid_t pid = 0;
  spec.on_start = [&](int started) { pid = started; };
  const auto t0 = std::chrono::steady_clock::now();
  const ChildResult r = run_child(spec);
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_GT(pid, 0);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_LT(took, std::chrono::seconds(5));
  errno = 0;
  EXPECT_EQ(::kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH) << "the child is still there (a zombie?)";
  const pid_t grandchild = std::stoi(read_text_file(dir_ / "grandchild", 64));
  EXPECT_TRUE(stops_running_within(grandchild, std::chrono::seconds(2)))
      << "the child's own child runs on";
}

TEST_F(ChildProcess, APollHookStopsTheChildWithSigterm) {
  ChildSpec spec = shell("exec sleep 30");
  int polls = 0;
  spec.on_poll = [&](bool running) { return !running || ++polls < 3; };
  const ChildResult r = run_child(spec);
  EXPECT_TRUE(r.stopped);
  EXPECT_EQ(r.signal, SIGTERM);
}

TEST_F(ChildProcess, AProgramThatCannotRunIsRefusedInOneLine) {
  ChildSpec spec = shell("");
  spec.program = dir_ / "no-such-program";
  try {
    run_child(spec);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot start " + spec.program.string() + ": No such file or directory");
  }
}

// The collector dies (SIGKILL, nothing of it runs any more): its child dies with it. A forked
// stand-in for the collector runs run_child and is killed while the child runs.
TEST_F(ChildProcess, AChildDiesWithTheCollector) {
  const fs::path pid_file = dir_ / "child.pid";
  const pid_t collector = ::fork();
  ASSERT_GE(collector, 0);
  if (collector == 0) {
    ChildSpec spec = shell("exec sleep 30");
    spec.on_start = [&](int pid) { write_text_file(pid_file, std::to_string(pid)); };
    run_child(spec);
    ::_exit(0);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!fs::exists(pid_file) || fs::file_size(pid_file) == 0) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the child never started";
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const pid_t child = std::stoi(read_text_file(pid_file, 64));
  ::kill(collector, SIGKILL);
  ::waitpid(collector, nullptr, 0);
  EXPECT_TRUE(stops_running_within(child, std::chrono::seconds(2)))
      << "the child outlived the collector";
}

}  // namespace
}  // namespace iprobe
