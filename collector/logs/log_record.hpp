// Which record of the probe contract one line of a log holds, judged by the rules of the log's
// form (log_format.hpp) on top of the stamp-line parser (stamp_line.hpp):
//   - NoTag for a line that is not ours, and for a kmsg continuation line;
//   - in a form where the tag must lead the message, a tag further in is Malformed
//     (embedded_tag, or what is wrong with the bytes before it: serial NULs in a dmesg file);
//   - a tagged line of a kmsg log without a record header is Malformed (no_record_header);
//   - an overlong tagged line (overlong) and a tagged last line without its newline (truncated,
//     its last number may have been cut) are Malformed whatever their fields.
#pragma once

#include <string_view>

#include "logs/log_format.hpp"
#include "logs/log_reader.hpp"
#include "logs/plain_stamp.hpp"
#include "logs/stamp_line.hpp"

namespace iprobe {

// The record `line`, split by split_log_line(format, line.text) into `split`, holds.
ParsedLine read_log_record(LogFormat format, const Line& line, const LogLine& split);

// The common case of read_log_record, nearly every line of a log, without building a ParsedLine:
// true with the stamp when the message starts with the tag and a plain stamp of that kind
// (plain_stamp.hpp) on a whole line. Then read_log_record gives the same stamp, in every form;
// false means only that read_log_record must decide.
bool read_plain_kernel_record(const Line& line, const LogLine& split, KernelStamp& stamp);
bool read_plain_user_record(const Line& line, const LogLine& split, UserStamp& stamp);

// Whether a message can be told apart as no run header, floor or total line without parsing
// it: a user stamp, or a message without the tag. The first pass over the user logs (which only
// looks for those records) skips such messages, nearly every line of a loop's output.
bool holds_no_user_header(std::string_view message);

}  // namespace iprobe
