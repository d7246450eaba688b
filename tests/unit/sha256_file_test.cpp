#include "common/sha256_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace iprobe {
namespace {

namespace fs = std::filesystem;

fs::path write_file(const std::string& name, const std::string& bytes) {
  const fs::path path = fs::temp_directory_path() / ("iprobe-sha256-" + name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// Expected values from Python's hashlib, not from OpenSSL.
TEST(Sha256File, KnownDigests) {
  EXPECT_EQ(sha256_file(write_file("abc", "abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_file(write_file("empty", "")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // More than one 64 KiB read.
  std::string big(200000, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i % 251);
  EXPECT_EQ(sha256_file(write_file("big", big)),
            "e24bc62381f1224fbbb74688663f8f9743b9680b193edd666835e97b06e730eb");
}

TEST(Sha256File, MissingFileNamesIt) {
  try {
    sha256_file("/nonexistent/iprobe-loop");
    FAIL() << "no exception";
  } catch (const FileReadError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/iprobe-loop: cannot open for reading");
  }
}

}  // namespace
}  // namespace iprobe
