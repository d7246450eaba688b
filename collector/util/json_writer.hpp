// Minimal streaming JSON writer: pretty-printed objects and arrays, escaped strings (control
// characters as \uXXXX or short escapes, invalid UTF-8 replaced by U+FFFD), integers, doubles
// (shortest round-trip form; NaN and infinities become null), booleans and null.
#pragma once

#include <concepts>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace iprobe {

// The JSON string literal (with quotes) for text.
std::string json_quote(std::string_view text);

class JsonWriter {
 public:
  // indent = 0 writes everything on one line.
  explicit JsonWriter(std::ostream& out, int indent = 2);

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  // Inside an object, before each value.
  void key(std::string_view name);

  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(const std::string& text) { value(std::string_view(text)); }
  void value(bool flag);
  void value(double number);
  template <std::integral T>
  requires(!std::same_as<T, bool>) void value(T number) {
    if constexpr (std::signed_integral<T>) {
      write_int(static_cast<int64_t>(number));
    } else {
      write_uint(static_cast<uint64_t>(number));
    }
  }
  void null();

  template <typename T>
  void field(std::string_view name, const T& v) {
    key(name);
    value(v);
  }
  void null_field(std::string_view name) {
    key(name);
    null();
  }

 private:
  struct Level {
    bool is_object = false;
    bool empty = true;
  };

  void before_value();
  void newline();
  void write_int(int64_t number);
  void write_uint(uint64_t number);

  std::ostream& out_;
  int indent_;
  std::vector<Level> stack_;
  bool after_key_ = false;
};

}  // namespace iprobe
