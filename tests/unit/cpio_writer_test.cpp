#include "scenarios/qemu/cpio_writer.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>

namespace iprobe {
namespace {

namespace fs = std::filesystem;

std::string run(const std::string& cmd) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("popen failed: " + cmd);
  std::string out;
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, pipe.get())) > 0) out.append(buf, n);
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class CpioWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("iprobe_cpio_" + std::to_string(getpid()) + "_" +
                                        std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(CpioWriterTest, SystemCpioListsAndExtractsEverything) {
  if (run("command -v cpio").empty()) GTEST_SKIP() << "cpio not installed (apt-get install cpio)";
  // A multi-chunk source file with a size that is not a multiple of 4.
  const fs::path big = dir_ / "big.bin";
  std::string big_data;
  for (int i = 0; i < 300000; ++i) big_data += static_cast<char>('a' + i % 26);
  big_data += "xyz";
  std::ofstream(big, std::ios::binary) << big_data;

  const fs::path archive = dir_ / "initramfs.cpio";
  {
    CpioWriter w(archive);
    w.add_directory("dev", 0755);
    w.add_char_device("dev/console", 0600, 5, 1);
    w.add_char_device("/dev/null", 0666, 1, 3);
    w.add_file_from_memory("init", "#!/bin/sh\necho hi\n", 0755);
    w.add_file_from_memory("etc/deep/nested/conf", "a=1", 0640);  // parents auto-added
    w.add_file_from_disk("usr/bin/big", big, 0700);
    w.add_symlink("bin", "usr/bin");
    w.add_directory("tmp", 01777);
    w.add_file_from_memory("empty", "", 0600);
    w.finish();
  }

  const std::string names = run("cd '" + dir_.string() + "' && cpio -t --quiet < initramfs.cpio");
  EXPECT_EQ(names,
            "dev\ndev/console\ndev/null\ninit\netc\netc/deep\netc/deep/nested\n"
            "etc/deep/nested/conf\nusr\nusr/bin\nusr/bin/big\nbin\ntmp\nempty\n");

  const std::string listing =
      run("cd '" + dir_.string() + "' && cpio -tv --quiet < initramfs.cpio");
  EXPECT_NE(listing.find("crw-------"), std::string::npos) << listing;
  EXPECT_NE(listing.find("5,   1"), std::string::npos) << listing;
  EXPECT_NE(listing.find("crw-rw-rw-"), std::string::npos) << listing;
  EXPECT_NE(listing.find("bin -> usr/bin"), std::string::npos) << listing;
  EXPECT_NE(listing.find("drwxrwxrwt"), std::string::npos) << listing;
  EXPECT_NE(listing.find("-rwx------"), std::string::npos) << listing;
  EXPECT_NE(listing.find(" 1970 "), std::string::npos) << listing;  // mtime 0

  // Extract everything but the device nodes (mknod needs root).
  const fs::path x = dir_ / "x";
  fs::create_directories(x);
  run("cd '" + x.string() +
      "' && cpio -id --quiet --no-preserve-owner < ../initramfs.cpio 2>/dev/null");
  EXPECT_EQ(slurp(x / "init"), "#!/bin/sh\necho hi\n");
  EXPECT_EQ(slurp(x / "etc/deep/nested/conf"), "a=1");
  EXPECT_EQ(slurp(x / "usr/bin/big"), big_data);
  EXPECT_EQ(slurp(x / "empty"), "");
  EXPECT_EQ(fs::read_symlink(x / "bin"), "usr/bin");
  struct stat st {};
  ASSERT_EQ(stat((x / "init").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
  ASSERT_EQ(stat((x / "etc/deep/nested/conf").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  ASSERT_EQ(stat((x / "usr/bin/big").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
}

TEST_F(CpioWriterTest, HeaderLayoutAndPadding) {
  const fs::path archive = dir_ / "a.cpio";
  {
    CpioWriter w(archive);
    w.add_file_from_memory("ab", "12345", 0644);
    w.finish();
  }
  const std::string data = slurp(archive);
  // header 110 + "ab\0" = 113 -> padded to 116; data 5 -> padded to 8.
  ASSERT_GE(data.size(), 124u + 110u);
  EXPECT_EQ(data.substr(0, 6), "070701");
  EXPECT_EQ(data.substr(6, 8), "00000001");   // ino
  EXPECT_EQ(data.substr(14, 8), "000081A4");  // S_IFREG | 0644
  EXPECT_EQ(data.substr(38, 8), "00000001");  // nlink
  EXPECT_EQ(data.substr(46, 8), "00000000");  // mtime
  EXPECT_EQ(data.substr(54, 8), "00000005");  // filesize
  EXPECT_EQ(data.substr(94, 8), "00000003");  // namesize incl NUL
  EXPECT_EQ(data.substr(110, 3), std::string("ab\0", 3));
  EXPECT_EQ(data.substr(116, 5), "12345");
  EXPECT_EQ(data.substr(124, 6), "070701");  // trailer starts aligned
  EXPECT_NE(data.find("TRAILER!!!", 124), std::string::npos);
  EXPECT_EQ(data.size() % 4, 0u);
}

TEST_F(CpioWriterTest, RejectsBadPathsAndDuplicates) {
  CpioWriter w(dir_ / "bad.cpio");
  EXPECT_THROW(w.add_file_from_memory("../etc/passwd", "x", 0644), std::runtime_error);
  EXPECT_THROW(w.add_file_from_memory("/", "x", 0644), std::runtime_error);
  w.add_file_from_memory("a", "x", 0644);
  EXPECT_THROW(w.add_file_from_memory("a", "y", 0644), std::runtime_error);
  EXPECT_THROW(w.add_file_from_memory("a/b", "y", 0644), std::runtime_error);  // a is a file
  EXPECT_THROW(w.add_file_from_disk("c", dir_ / "missing", 0644), std::runtime_error);
  w.add_directory("d");
  EXPECT_NO_THROW(w.add_directory("d/"));  // idempotent
  EXPECT_THROW(w.add_symlink("d", "x"), std::runtime_error);
  w.finish();
  EXPECT_THROW(w.add_directory("e"), std::logic_error);
}

TEST_F(CpioWriterTest, UnfinishedArchiveIsRemoved) {
  const fs::path archive = dir_ / "partial.cpio";
  {
    CpioWriter w(archive);
    w.add_file_from_memory("a", "x", 0644);
  }
  EXPECT_FALSE(fs::exists(archive));
  EXPECT_THROW(CpioWriter(dir_ / "no/such/dir/x.cpio"), std::runtime_error);
}

}  // namespace
}  // namespace iprobe
