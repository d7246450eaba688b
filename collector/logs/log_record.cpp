#include "logs/log_record.hpp"

#include <optional>
#include <variant>

namespace iprobe {
namespace {

constexpr std::string_view kTag = "ioprobe ";

LineKind kind_of(const ParsedLine& parsed) {
  if (const auto* bad = std::get_if<Malformed>(&parsed)) return bad->kind;
  if (std::holds_alternative<KernelStamp>(parsed)) return LineKind::kKernel;
  if (std::holds_alternative<UserStamp>(parsed)) return LineKind::kUser;
  if (std::holds_alternative<RunHeader>(parsed)) return LineKind::kRun;
  if (std::holds_alternative<TscFloor>(parsed)) return LineKind::kFloor;
  if (std::holds_alternative<LoopTotal>(parsed)) return LineKind::kTotal;
  if (std::holds_alternative<DumpBegin>(parsed)) return LineKind::kDumpBegin;
  if (std::holds_alternative<DumpEnd>(parsed)) return LineKind::kDumpEnd;
  if (std::holds_alternative<MarkLine>(parsed)) return LineKind::kMark;
  return LineKind::kUnknown;
}

Malformed rejected_as(const ParsedLine& parsed, RejectReason code) {
  return Malformed{kind_of(parsed), reject_reason_text(code), code};
}

// A tag inside the message of a form where it must lead: never a record. Garbage before the
// tag (serial NULs in a dmesg file) is the better diagnosis than the misplaced tag.
ParsedLine embedded_record(std::string_view message, std::string_view tagged) {
  const ParsedLine parsed = parse_tagged_text(tagged);
  const auto after_tag = static_cast<std::size_t>(tagged.data() - message.data());
  const std::string_view before = message.substr(0, after_tag - kTag.size());
  const std::optional<RejectReason> bytes = byte_problem(before);
  return rejected_as(parsed, bytes ? *bytes : RejectReason::kEmbeddedTag);
}

}  // namespace

ParsedLine read_log_record(LogFormat format, const Line& line, const LogLine& split) {
  // One object returned on every path: it is built in place (a ParsedLine is costly to move).
  ParsedLine parsed;
  std::optional<std::string_view> text;
  if (split.kind == LogLine::Kind::kContinuation) return parsed;
  if (split.kind == LogLine::Kind::kNoHeader) {
    text = find_tagged_text(split.message);
    if (text) parsed = rejected_as(parse_tagged_text(*text), RejectReason::kNoRecordHeader);
    return parsed;
  }
  if (!tag_must_lead(format)) {
    text = find_tagged_text(split.message);
  } else if (split.message.starts_with(kTag)) {
    text = split.message.substr(kTag.size());
    while (!text->empty() && text->back() == '\r') text->remove_suffix(1);
  } else if (const std::optional<std::string_view> embedded = find_tagged_text(split.message)) {
    parsed = embedded_record(split.message, *embedded);
    return parsed;
  }
  if (!text) return parsed;
  parsed = parse_tagged_text(*text);
  if (line.overlong) {
    parsed = rejected_as(parsed, RejectReason::kOverlong);
  } else if (line.unterminated && !std::holds_alternative<Malformed>(parsed)) {
    parsed = rejected_as(parsed, RejectReason::kTruncated);
  }
  return parsed;
}

bool holds_no_user_header(std::string_view message) {
  return message.starts_with("ioprobe u ") || message.find(kTag) == std::string_view::npos;
}

}  // namespace iprobe
