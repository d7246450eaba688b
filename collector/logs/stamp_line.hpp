// Folder logs/: reading the logs a measurement produces: log sources (files or memory), the
// line reader, kernel-log format detection, /dev/kmsg records, the stamp-line parser of the probe
// contract and the live /dev/kmsg drain. Uses only util/.
//
// Parser of one text line of the ioctl probe contract (include/ioctl_probe/ioctl_probe.h).
//
// The tag "ioprobe " may appear anywhere in the line: whatever precedes it (dmesg time stamp,
// /dev/kmsg record header, serial console noise) is ignored, and trailing CR/LF are stripped.
// A tag followed by a record word (k, u, run, floor, total, dump-begin, dump-end, mark) always
// counts. A tag followed by another word counts (as Malformed "unknown record kind") only when it
// stands alone, i.e. is not glued to a preceding word: "Linux version 6.8.0-ioprobe (gcc ...)"
// is not a record. A counted line whose fields do not match the contract exactly is Malformed,
// never guessed at.
// Format 2 (exit stamps) adds one trailing number to `u` (u_after) and `k` (k_exit) lines and a
// trailing `format=2` to `run` headers; format-1 lines, without them, still parse (the optional
// members stay empty). Any other field count is Malformed.
// Parsing a stamp line allocates nothing (stamp lines are the hot path).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "util/types.hpp"

namespace iprobe {

// The line holds no "ioprobe " tag: not ours.
struct NoTag {};

// ioprobe mark <run> end
struct MarkLine {
  uint32_t run = 0;
};

// Which record a tagged line claimed to be (the word after the tag).
enum class LineKind {
  kUnknown,  // the word after the tag is none of the below (or missing)
  kKernel,
  kUser,
  kRun,
  kFloor,
  kTotal,
  kDumpBegin,
  kDumpEnd,
  kMark,
};

// A tagged line whose fields are wrong. reason is a static string (no allocation), the human
// text of code. A line holding NUL bytes, invalid UTF-8 or other control/non-ASCII characters
// gets that as its code rather than the field-level one.
struct Malformed {
  LineKind kind = LineKind::kUnknown;
  std::string_view reason;
  RejectReason code = RejectReason::kUnknownKind;
};

using ParsedLine = std::variant<NoTag, KernelStamp, UserStamp, RunHeader, TscFloor, LoopTotal,
                                DumpBegin, DumpEnd, MarkLine, Malformed>;

// Parses one line (with or without its trailing "\n" / "\r\n").
ParsedLine parse_line(std::string_view line);

// Parses the text after the tag (what find_tagged_text returns): plain stamps through the fast
// path (plain_stamp.hpp), everything else through parse_tagged_fields.
ParsedLine parse_tagged_text(std::string_view text);

// The general parser alone: any record, every field checked, the first wrong one named. Gives
// the same verdict as parse_tagged_text (which only adds the fast path for plain stamps).
ParsedLine parse_tagged_fields(std::string_view text);

// Stable snake_case name of a reason (summary.json key) and its human text.
std::string_view reject_reason_name(RejectReason reason);
std::string_view reject_reason_text(RejectReason reason);

// The text after the counted tag (see above) with trailing CR/LF stripped; nullopt when the line
// holds no counted tag.
std::optional<std::string_view> find_tagged_text(std::string_view line);

// A run id as the contract prints it: 8 lower-case hex digits.
std::string run_hex(uint32_t run);

}  // namespace iprobe
