#include "logs/log_reader.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace iprobe {
namespace {

using namespace std::string_literals;

struct ReadAll {
  std::vector<std::string> lines;
  std::vector<bool> overlong;
  uint64_t overlong_count = 0;
  bool partial = false;
};

ReadAll read_all(const std::string& text, std::size_t max_line, std::size_t chunk) {
  std::istringstream in(text);
  LineReader reader(in, max_line, chunk);
  ReadAll out;
  while (const auto line = reader.next()) {
    out.lines.emplace_back(line->text);
    out.overlong.push_back(line->overlong);
  }
  EXPECT_EQ(reader.lines(), out.lines.size());
  out.overlong_count = reader.overlong();
  out.partial = reader.partial_last_line();
  return out;
}

// Every chunk size must give the same lines: chunk boundaries fall everywhere.
class LineReaderChunks : public ::testing::TestWithParam<std::size_t> {};

TEST_P(LineReaderChunks, PlainLines) {
  const auto r = read_all("a\nbb\n\nccc\n", 16, GetParam());
  EXPECT_EQ(r.lines, (std::vector<std::string>{"a", "bb", "", "ccc"}));
  EXPECT_FALSE(r.partial);
  EXPECT_EQ(r.overlong_count, 0u);
}

TEST_P(LineReaderChunks, CrlfAndPartialLastLine) {
  const auto r = read_all("one\r\ntwo\r\r\nthree", 16, GetParam());
  EXPECT_EQ(r.lines, (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_TRUE(r.partial);
}

TEST_P(LineReaderChunks, NulBytesAreKept) {
  const auto r = read_all("a\0b\n\0\0\nc\n"s, 16, GetParam());
  EXPECT_EQ(r.lines, (std::vector<std::string>{"a\0b"s, "\0\0"s, "c"}));
}

TEST_P(LineReaderChunks, OverlongLinesAreCutAndCounted) {
  const std::string long_line(50, 'x');
  const std::string text = "short\n" + long_line + "\n" + "exactly10!\n" + "eleven....!\n" +
                           "tenplusCR!\r\n" + long_line;  // last overlong without newline
  const auto r = read_all(text, 10, GetParam());
  ASSERT_EQ(r.lines.size(), 6u);
  EXPECT_EQ(r.lines[0], "short");
  EXPECT_EQ(r.lines[1], std::string(10, 'x'));
  EXPECT_EQ(r.lines[2], "exactly10!");
  EXPECT_EQ(r.lines[3], "eleven....");
  EXPECT_EQ(r.lines[4], "tenplusCR!");
  EXPECT_EQ(r.lines[5], std::string(10, 'x'));
  EXPECT_EQ(r.overlong, (std::vector<bool>{false, true, false, true, false, true}));
  EXPECT_EQ(r.overlong_count, 3u);
  EXPECT_TRUE(r.partial);
}

INSTANTIATE_TEST_SUITE_P(Chunks, LineReaderChunks, ::testing::Values(1, 2, 3, 7, 64, 1 << 20));

TEST(LineReader, EmptyInput) {
  const auto r = read_all("", 16, 4);
  EXPECT_TRUE(r.lines.empty());
  EXPECT_FALSE(r.partial);
}

TEST(LineReader, ManyLinesStream) {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "line " + std::to_string(i) + "\n";
  std::istringstream in(text);
  LineReader reader(in, 64, 4096);
  uint64_t count = 0;
  std::string last;
  while (const auto line = reader.next()) {
    ++count;
    last = std::string(line->text);
  }
  EXPECT_EQ(count, 100000u);
  EXPECT_EQ(last, "line 99999");
}

TEST(LineReader, RejectsZeroSizes) {
  std::istringstream in("x");
  EXPECT_THROW(LineReader(in, 0, 1), std::invalid_argument);
  EXPECT_THROW(LineReader(in, 1, 0), std::invalid_argument);
}

}  // namespace
}  // namespace iprobe
