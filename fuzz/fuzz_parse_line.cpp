// libFuzzer target: one line through the stamp-line parser. The fast path for plain stamps
// (logs/plain_stamp.hpp, logs/log_record.hpp) must give the general parser's verdict on every
// text, and read_log_record's in every log form.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "logs/line_bytes.hpp"
#include "logs/log_format.hpp"
#include "logs/log_reader.hpp"
#include "logs/log_record.hpp"
#include "logs/plain_stamp.hpp"
#include "logs/stamp_line.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const iprobe::ParsedLine parsed = iprobe::parse_line(line);
  if (const auto* bad = std::get_if<iprobe::Malformed>(&parsed)) {
    // The reason text is the code's and the code names a known reason.
    if (bad->reason != iprobe::reject_reason_text(bad->code)) std::abort();
    if (iprobe::reject_reason_name(bad->code).empty()) std::abort();
  }
  if (const auto text = iprobe::find_tagged_text(line)) {
    // The tagged text lies inside the line.
    if (text->data() < line.data() || text->data() + text->size() > line.data() + line.size()) {
      std::abort();
    }
    if (!iprobe::same_record(iprobe::parse_tagged_text(*text),
                             iprobe::parse_tagged_fields(*text))) {
      std::abort();
    }
  }
  // The whole input as the text after a tag: reaches the fast path with any bytes after "k ".
  if (!iprobe::same_record(iprobe::parse_tagged_text(line), iprobe::parse_tagged_fields(line))) {
    std::abort();
  }
  for (int form = 0; form <= static_cast<int>(iprobe::LogFormat::kUhyve); ++form) {
    const auto format = static_cast<iprobe::LogFormat>(form);
    const iprobe::LogLine split = iprobe::split_log_line(format, line);
    for (const bool unterminated : {false, true}) {
      const iprobe::Line whole{line, false, unterminated};
      iprobe::KernelStamp kernel;
      iprobe::UserStamp user;
      if (iprobe::read_plain_kernel_record(whole, split, kernel)) {
        if (!iprobe::same_record(kernel, iprobe::read_log_record(format, whole, split)))
          std::abort();
      }
      if (iprobe::read_plain_user_record(whole, split, user)) {
        if (!iprobe::same_record(user, iprobe::read_log_record(format, whole, split))) std::abort();
      }
    }
  }
  (void)iprobe::byte_problem(line);
  return 0;
}
