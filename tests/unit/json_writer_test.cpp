#include "util/json_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>

namespace iprobe {
namespace {

using namespace std::string_literals;

const std::string kFffd = "\xEF\xBF\xBD";

TEST(JsonQuote, Escapes) {
  EXPECT_EQ(json_quote(""), "\"\"");
  EXPECT_EQ(json_quote("a\"b\\c/"), "\"a\\\"b\\\\c/\"");
  EXPECT_EQ(json_quote("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(json_quote("\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\"");
  EXPECT_EQ(json_quote("a\0b"s), "\"a\\u0000b\"");
}

TEST(JsonQuote, ValidUtf8IsKept) {
  EXPECT_EQ(json_quote("\xC3\xA9"), "\"\xC3\xA9\"");                  // é
  EXPECT_EQ(json_quote("\xE2\x82\xAC"), "\"\xE2\x82\xAC\"");          // €
  EXPECT_EQ(json_quote("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"");  // emoji
  EXPECT_EQ(json_quote("\xF4\x8F\xBF\xBF"), "\"\xF4\x8F\xBF\xBF\"");  // U+10FFFF
}

TEST(JsonQuote, InvalidUtf8IsReplaced) {
  EXPECT_EQ(json_quote("\xFF"), "\"" + kFffd + "\"");
  EXPECT_EQ(json_quote("a\xC3"), "\"a" + kFffd + "\"");  // truncated at the end
  EXPECT_EQ(json_quote("\xC3("), "\"" + kFffd + "(\"");
  EXPECT_EQ(json_quote("\xE2\x82"), "\"" + kFffd + "\"");  // one maximal subpart
  EXPECT_EQ(json_quote("\xE2\x82x"), "\"" + kFffd + "x\"");
  EXPECT_EQ(json_quote("\xC0\xAF"), "\"" + kFffd + kFffd + "\"");              // overlong
  EXPECT_EQ(json_quote("\xED\xA0\x80"), "\"" + kFffd + kFffd + kFffd + "\"");  // surrogate
  EXPECT_EQ(json_quote("\xF4\x90\x80\x80"), "\"" + kFffd + kFffd + kFffd + kFffd + "\"");
  EXPECT_EQ(json_quote("\x80"), "\"" + kFffd + "\"");  // lone continuation byte
}

TEST(JsonWriter, CompactDocument) {
  std::ostringstream out;
  JsonWriter json(out, 0);
  json.begin_object();
  json.field("s", "x\"y");
  json.field("i", int64_t{-9223372036854775807 - 1});
  json.field("u", std::numeric_limits<uint64_t>::max());
  json.field("small", uint32_t{7});
  json.field("neg", -1);
  json.field("d", 0.1);
  json.field("big", 1e300);
  json.field("nan", std::nan(""));
  json.field("inf", std::numeric_limits<double>::infinity());
  json.field("t", true);
  json.field("f", false);
  json.null_field("n");
  json.key("a");
  json.begin_array();
  json.value(1);
  json.begin_object();
  json.end_object();
  json.begin_array();
  json.end_array();
  json.value("z");
  json.end_array();
  json.end_object();
  EXPECT_EQ(out.str(),
            "{\"s\":\"x\\\"y\",\"i\":-9223372036854775808,\"u\":18446744073709551615,"
            "\"small\":7,\"neg\":-1,\"d\":0.1,\"big\":1e+300,\"nan\":null,\"inf\":null,"
            "\"t\":true,\"f\":false,\"n\":null,\"a\":[1,{},[],\"z\"]}");
}

TEST(JsonWriter, PrettyDocument) {
  std::ostringstream out;
  JsonWriter json(out, 2);
  json.begin_object();
  json.field("a", 1);
  json.key("b");
  json.begin_array();
  json.value(2.5);
  json.value("c");
  json.end_array();
  json.key("e");
  json.begin_object();
  json.end_object();
  json.end_object();
  EXPECT_EQ(out.str(), "{\n  \"a\": 1,\n  \"b\": [\n    2.5,\n    \"c\"\n  ],\n  \"e\": {}\n}\n");
}

TEST(JsonWriter, MisuseThrows) {
  std::ostringstream out;
  JsonWriter json(out, 0);
  json.begin_object();
  EXPECT_THROW(json.value(1), std::logic_error);
  EXPECT_THROW(json.end_array(), std::logic_error);
  json.key("k");
  EXPECT_THROW(json.key("again"), std::logic_error);
}

}  // namespace
}  // namespace iprobe
