#include "scenarios/qemu/transfer_image.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace iprobe {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write(const fs::path& p, const std::string& data) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << data;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "<no exception>";
}

class TransferImageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("iprobe_xfer_" + std::to_string(getpid()) + "_" +
                                        std::to_string(std::random_device{}()));
    fs::create_directories(dir_ / "src");
    write(dir_ / "src/stamps.txt", "line1\nline2\n");
    std::string binary;
    for (int i = 0; i < 3 * 1024 * 1024 + 7; ++i) binary += static_cast<char>(i * 31 % 256);
    write(dir_ / "src/big.bin", binary);
    write(dir_ / "src/empty", "");
    files_ = {{"stamps.txt", dir_ / "src/stamps.txt"},
              {"run 1/big.bin", dir_ / "src/big.bin"},
              {"empty", dir_ / "src/empty"}};
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A fixed-size sparse "disk" like the host creates for QEMU.
  fs::path make_disk(uint64_t size) {
    const fs::path disk = dir_ / "disk.img";
    write(disk, "");
    fs::resize_file(disk, size);
    return disk;
  }

  fs::path dir_;
  TransferFiles files_;
};

TEST_F(TransferImageTest, RoundTripThroughFixedSizeDisk) {
  const fs::path disk = make_disk(8 << 20);
  write_transfer_image(disk, files_);
  EXPECT_EQ(fs::file_size(disk), 8u << 20);  // a disk never grows

  const auto result = read_transfer_image(disk, dir_ / "out");
  ASSERT_EQ(result.files.size(), 3u);
  EXPECT_EQ(result.files[0].name, "stamps.txt");
  EXPECT_EQ(result.files[1].name, "run 1/big.bin");
  EXPECT_EQ(result.files[1].size, fs::file_size(dir_ / "src/big.bin"));
  EXPECT_EQ(result.files[1].path, dir_ / "out/run 1/big.bin");
  for (const auto& [name, src] : files_) EXPECT_EQ(slurp(dir_ / "out" / name), slurp(src)) << name;
}

TEST_F(TransferImageTest, ExactFormatAndGrowableFile) {
  const fs::path image = dir_ / "grow.img";  // does not exist: created, may grow
  write_transfer_image(image, {{"a.txt", dir_ / "src/stamps.txt"}});
  EXPECT_EQ(slurp(image), "IOPROBE-XFER 1\nFILE 12 a.txt\nline1\nline2\n\nEND 1\n");
  EXPECT_EQ(transfer_image_size({{"a.txt", dir_ / "src/stamps.txt"}}), fs::file_size(image));
}

TEST_F(TransferImageTest, RewriteOverOldImageAndFdOverload) {
  const fs::path disk = make_disk(8 << 20);
  write_transfer_image(disk, files_);
  const int fd = open(disk.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  write_transfer_image(fd, {{"only", dir_ / "src/stamps.txt"}});
  close(fd);
  const auto result = read_transfer_image(disk, dir_ / "out");
  ASSERT_EQ(result.files.size(), 1u);
  EXPECT_EQ(slurp(dir_ / "out/only"), "line1\nline2\n");
}

TEST_F(TransferImageTest, EmptyDiskMeansNoResults) {
  const fs::path disk = make_disk(1 << 20);
  const std::string msg = error_of([&] { read_transfer_image(disk, dir_ / "out"); });
  EXPECT_NE(msg.find("the guest wrote no results (transfer disk is empty): see console log"),
            std::string::npos)
      << msg;
  write(disk, "garbage garbage garbage");
  EXPECT_NE(
      error_of([&] { read_transfer_image(disk, dir_ / "out"); }).find("the guest wrote no results"),
      std::string::npos);
  write(disk, "");
  EXPECT_NE(
      error_of([&] { read_transfer_image(disk, dir_ / "out"); }).find("the guest wrote no results"),
      std::string::npos);
  EXPECT_THROW(read_transfer_image(dir_ / "missing.img", dir_ / "out"), std::runtime_error);
}

TEST_F(TransferImageTest, TruncatedImageNamesTheFile) {
  const fs::path image = dir_ / "t.img";
  write_transfer_image(image, files_);
  fs::resize_file(image, 200000);  // cuts into big.bin
  const std::string msg = error_of([&] { read_transfer_image(image, dir_ / "out"); });
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
  EXPECT_NE(msg.find("\"run 1/big.bin\" is cut short"), std::string::npos) << msg;
  EXPECT_FALSE(fs::exists(dir_ / "out/run 1/big.bin"));  // no partial output left behind
  EXPECT_TRUE(fs::exists(dir_ / "out/stamps.txt"));

  write(image, "IOPROBE-XFER 1\nFILE 3 a\nabc\n");
  EXPECT_NE(error_of([&] { read_transfer_image(image, dir_ / "out2"); }).find("no END record"),
            std::string::npos);
  write(image, "IOPROBE-XFER 1\nFILE 3 a\nabc");
  EXPECT_NE(error_of([&] { read_transfer_image(image, dir_ / "out2"); }).find("\"a\" is cut short"),
            std::string::npos);
  write(image, "IOPROBE-XFER 1\nFILE 3 a\nabc\nEND 2\n");
  EXPECT_THROW(read_transfer_image(image, dir_ / "out2"), std::runtime_error);
  write(image, "IOPROBE-XFER 1\nFILE 2 a\nabc\nEND 1\n");
  EXPECT_THROW(read_transfer_image(image, dir_ / "out2"), std::runtime_error);
}

TEST_F(TransferImageTest, PathTraversalRejected) {
  const fs::path image = dir_ / "evil.img";
  for (const std::string name : {"../escape", "/etc/passwd", "a/../../b", "a//b", "./a", "a\tb"}) {
    write(image, "IOPROBE-XFER 1\nFILE 1 " + name + "\nx\nEND 1\n");
    const std::string msg = error_of([&] { read_transfer_image(image, dir_ / "out"); });
    EXPECT_NE(msg.find("rejected file name"), std::string::npos) << name << ": " << msg;
    EXPECT_THROW(write_transfer_image(dir_ / "w.img", {{name, dir_ / "src/stamps.txt"}}),
                 std::runtime_error)
        << name;
  }
  EXPECT_FALSE(fs::exists(dir_ / "escape"));
  EXPECT_TRUE(valid_transfer_name("results/run 1.txt"));
  EXPECT_FALSE(valid_transfer_name(""));
  EXPECT_FALSE(valid_transfer_name("a/"));
}

TEST_F(TransferImageTest, TooLargeForDiskRejectedBeforeWriting) {
  const fs::path disk = make_disk(1 << 20);
  const std::string msg = error_of([&] { write_transfer_image(disk, files_); });
  EXPECT_NE(msg.find("holds only 1048576"), std::string::npos) << msg;
  EXPECT_EQ(fs::file_size(disk), 1u << 20);
  EXPECT_EQ(slurp(disk), std::string(1 << 20, '\0'));  // nothing written
  // An explicit capacity wins over the file size.
  const std::string msg2 =
      error_of([&] { write_transfer_image(dir_ / "new.img", files_, uint64_t{4096}); });
  EXPECT_NE(msg2.find("holds only 4096"), std::string::npos) << msg2;
  EXPECT_THROW(write_transfer_image(dir_ / "x.img", {{"a", dir_ / "src/missing"}}),
               std::runtime_error);
  EXPECT_THROW(
      write_transfer_image(dir_ / "x.img", {{"a", dir_ / "src/empty"}, {"a", dir_ / "src/empty"}}),
      std::runtime_error);
}

}  // namespace
}  // namespace iprobe
