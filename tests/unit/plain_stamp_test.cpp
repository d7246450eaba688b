#include "logs/plain_stamp.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "logs/log_format.hpp"
#include "logs/log_reader.hpp"
#include "logs/log_record.hpp"
#include "logs/stamp_line.hpp"

namespace iprobe {
namespace {

bool fast_path_reads(std::string_view text) {
  KernelStamp kernel;
  UserStamp user;
  return read_plain_kernel_stamp(text, kernel) || read_plain_user_stamp(text, user);
}

TEST(PlainStamp, ReadsTheStampsAsTheProbesPrintThem) {
  KernelStamp k;
  ASSERT_TRUE(read_plain_kernel_stamp("k patch 5eed0001 7 1 1000400 1000700", k));
  EXPECT_EQ(k.source, Probe::kPatch);
  EXPECT_EQ(k.run, 0x5eed0001u);
  EXPECT_EQ(k.seq, 7u);
  EXPECT_EQ(k.cpu, 1u);
  EXPECT_EQ(k.tsc, 1000400u);
  EXPECT_EQ(k.tsc_exit, 1000700u);
  UserStamp u;
  ASSERT_TRUE(read_plain_user_stamp("u DEADBEEF 4294967 3 18446744073709551", u));
  EXPECT_EQ(u.run, 0xdeadbeefu);
  EXPECT_EQ(u.seq, 4294967u);
  EXPECT_EQ(u.tsc, 18446744073709551u);
  EXPECT_FALSE(u.tsc_after);
  // Nineteen digits, eight at a time and then one by one.
  ASSERT_TRUE(read_plain_user_stamp("u 00000001 0 0 1234567890123456789 12345678", u));
  EXPECT_EQ(u.tsc, 1234567890123456789u);
  EXPECT_EQ(u.tsc_after, 12345678u);
}

// The fast path only ever says "plain stamp" for texts the general parser reads the same way;
// everything unusual is left to the general parser, which names what is wrong.
TEST(PlainStamp, AgreesWithTheGeneralParserAndLeavesTheRestToIt) {
  const std::vector<std::string> left_to_general = {
      "k patch 5eed0001 7 1 1000400  1000700",        // two spaces
      "k patch 5eed0001 7 1 1000400 1000700 ",        // trailing space
      " k patch 5eed0001 7 1 1000400",                // leading space
      "k patch 5eed0001 0000000007 1 1000400",        // 10-digit seq (fits: the general parser)
      "k patch 5eed0001 4294967296 1 1000400",        // seq overflow
      "k patch 5eed0001 7 1 18446744073709551615",    // 20 digits: the largest TSC
      "k patch 5eed0001 7 1 18446744073709551616",    // one more: overflow
      "k patch 5eed001 7 1 1000400",                  // 7 hex digits
      "k patch 5eed00011 7 1 1000400",                // 9 hex digits
      "k patch 5eed000g 7 1 1000400",                 // not hex
      "k PATCH 5eed0001 7 1 1000400",                 // unknown source
      "k patch 5eed0001 7 1",                         // missing fields
      "k patch 5eed0001 7 1 1 2 3",                   // extra field
      "k patch 5eed0001 -7 1 1000400",                // sign
      "k patch 5eed0001 7 1 10004x0",                 // junk in a number
      "k patch 5eed0001 7 1 1000400\t",               // tab
      "u 5eed0001 7 1 12345678901234567890",          // 20 digits
      "u 5eed0001 7 1 1000400 1000700 9",             // extra field
      "u 5eed0001 7 1",                               // missing field
      "u 5eed0001 7 1 +1000400",                      // sign
      "u 5eed0001 7 1 1000400 \xe9",                  // not ASCII
      std::string("u 5eed0001 7 1 100\0000400", 23),  // NUL
      "u  5eed0001 7 1 1000400",                      // two spaces
      "uu 5eed0001 7 1 1000400",                      // another word
  };
  for (const std::string& text : left_to_general) {
    EXPECT_FALSE(fast_path_reads(text)) << text;
    EXPECT_TRUE(same_record(parse_tagged_text(text), parse_tagged_fields(text))) << text;
  }
  const std::vector<std::string> plain = {
      "k module 0badf00d 0 0 0",
      "k tracepoint FFFFFFFF 999999999 999999999 9999999999999999999 9999999999999999999",
      "k hermitux 00000000 12345678 3 12345678 87654321",
      "u 5eed0001 1 2 3 4",
      "u 5eed0001 123456789 1 1234567 12345670",
  };
  for (const std::string& text : plain) {
    EXPECT_TRUE(fast_path_reads(text)) << text;
    EXPECT_TRUE(same_record(parse_tagged_text(text), parse_tagged_fields(text))) << text;
  }
}

// A line's plain stamp is read without read_log_record only where read_log_record would give the
// same stamp: in every log form, whatever precedes the tag, and never on a cut or overlong line.
TEST(PlainStamp, RecordFastPathAgreesWithReadLogRecordInEveryForm) {
  const std::vector<std::string> lines = {
      "ioprobe k patch 5eed0001 7 1 1000400 1000700",
      "ioprobe u 5eed0001 7 1 1000000 1000900",
      "[    0.000007] ioprobe k module 5eed0001 7 1 1000400",
      "<6>[    0.000007] ioprobe k module 5eed0001 7 1 1000400",
      "6,1234,5678,-;ioprobe k tracepoint 5eed0001 7 1 1000400 1000700",
      "6,1234,5678,-;junk ioprobe k tracepoint 5eed0001 7 1 1000400 1000700",
      "[    0.000007] host kernel: ioprobe k patch 5eed0001 7 1 1000400",
      "\x1b[0mioprobe k patch 5eed0001 7 1 1000400",
      "[    0.000007] x ioprobe k patch 5eed0001 7 1 1000400",
      " SUBSYSTEM=ioprobe k patch 5eed0001 7 1 1000400",
  };
  int fast = 0;
  for (int form = 1; form <= static_cast<int>(LogFormat::kUhyve); ++form) {
    const auto format = static_cast<LogFormat>(form);
    for (const std::string& text : lines) {
      const LogLine split = split_log_line(format, text);
      for (const Line line :
           {Line{text, false, false}, Line{text, true, false}, Line{text, false, true}}) {
        KernelStamp kernel;
        UserStamp user;
        if (read_plain_kernel_record(line, split, kernel)) {
          ++fast;
          EXPECT_FALSE(line.overlong || line.unterminated) << text;
          EXPECT_TRUE(same_record(kernel, read_log_record(format, line, split))) << text;
        }
        if (read_plain_user_record(line, split, user)) {
          ++fast;
          EXPECT_TRUE(same_record(user, read_log_record(format, line, split))) << text;
        }
      }
    }
  }
  EXPECT_GE(fast, 16);  // the fast path is taken in the common case
}

}  // namespace
}  // namespace iprobe
