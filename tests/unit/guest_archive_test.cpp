// The initramfs and the guest's results tar, written and read with libarchive; the initramfs
// is checked with the system's cpio, as the kernel would unpack it.
#include "scenarios/qemu/guest_archive.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "util/file_util.hpp"

namespace fs = std::filesystem;
using namespace iprobe;

namespace {

class GuestArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("iprobe-guest-archive-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path file(const std::string& name, const std::string& text) {
    write_text_file(dir_ / name, text);
    return dir_ / name;
  }
  // A disk like the transfer disk: fixed size, zero-filled.
  fs::path disk(uint64_t bytes) {
    const fs::path p = dir_ / "disk.img";
    std::ofstream(p).close();
    fs::resize_file(p, bytes);
    return p;
  }
  static std::string run(const std::string& command) {
    std::string out;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    std::array<char, 256> buf{};
    while (pipe && std::fgets(buf.data(), buf.size(), pipe.get()) != nullptr) out += buf.data();
    return out;
  }

  fs::path dir_;
};

}  // namespace

TEST_F(GuestArchiveTest, InitramfsListsWithParentsFirstAndDevices) {
  if (run("command -v cpio").empty()) GTEST_SKIP() << "cpio not installed (apt-get install cpio)";
  const fs::path cpio = dir_ / "initramfs.cpio";
  {
    InitramfsWriter w(cpio);
    w.add_directory("/proc");
    w.add_char_device("/dev/console", 0600, 5, 1);
    w.add_file("/lib/x86_64-linux-gnu/libc.so.6", file("libc", "ELF"), 0755);
    w.add_file("/init", file("init", "#!"), 0755);
    w.finish();
  }
  const std::string listing = run("cpio -it --quiet < " + cpio.string());
  EXPECT_EQ(listing,
            "proc\ndev\ndev/console\nlib\nlib/x86_64-linux-gnu\n"
            "lib/x86_64-linux-gnu/libc.so.6\ninit\n");
  const std::string verbose = run("cpio -itv --quiet < " + cpio.string());
  EXPECT_NE(verbose.find("crw-------"), std::string::npos) << verbose;
  EXPECT_NE(verbose.find("5,   1"), std::string::npos) << verbose;
  fs::create_directories(dir_ / "x");
  run("cd " + (dir_ / "x").string() + " && cpio -id --quiet lib/x86_64-linux-gnu/libc.so.6 < " +
      cpio.string());
  EXPECT_EQ(read_text_file(dir_ / "x" / "lib/x86_64-linux-gnu/libc.so.6"), "ELF");
}

TEST_F(GuestArchiveTest, InitramfsRefusesEscapesAndRemovesUnfinished) {
  const fs::path cpio = dir_ / "bad.cpio";
  {
    InitramfsWriter w(cpio);
    EXPECT_THROW(w.add_file("../etc/passwd", file("p", "x"), 0644), std::runtime_error);
  }
  EXPECT_FALSE(fs::exists(cpio));
}

TEST_F(GuestArchiveTest, ResultsRoundTripThroughAFixedSizeDisk) {
  const std::string big(300000, 'k');
  const fs::path image = disk(4 << 20);
  write_results_tar(image, {{"user.log", file("u", "ioprobe u 1\n")},
                            {"kernel-dump.log", file("k", big)},
                            {"run.json", file("r", "{}")}});
  EXPECT_EQ(fs::file_size(image), 4u << 20);  // written into the disk, not past it
  const fs::path out = dir_ / "raw";
  const auto names = extract_results_tar(image, out);
  EXPECT_EQ(names, (std::vector<std::string>{"user.log", "kernel-dump.log", "run.json"}));
  EXPECT_EQ(read_text_file(out / "user.log"), "ioprobe u 1\n");
  EXPECT_EQ(read_text_file(out / "kernel-dump.log"), big);
}

TEST_F(GuestArchiveTest, EmptyDiskMeansNoResults) {
  try {
    extract_results_tar(disk(1 << 20), dir_ / "raw");
    FAIL() << "an empty disk gave results";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("holds no results"), std::string::npos) << e.what();
  }
}

TEST_F(GuestArchiveTest, NamesOutsideTheResultsFolderAreRefused) {
  const fs::path image = disk(1 << 20);
  write_results_tar(image, {{"../evil", file("e", "x")}});
  EXPECT_THROW(extract_results_tar(image, dir_ / "raw"), std::runtime_error);
  EXPECT_FALSE(fs::exists(dir_ / "evil"));
}
