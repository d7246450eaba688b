#include "logs/log_record.hpp"

#include <optional>
#include <variant>

#include "logs/line_bytes.hpp"

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

// Where a message holds its tag, by the rules of its log's form.
struct TagPlace {
  enum class Where { kNone, kRecord, kEmbedded, kNoRecordHeader };
  Where where = Where::kNone;
  std::string_view text;  // after the tag
};

TagPlace find_tag_place(LogFormat format, const LogLine& split) {
  using Where = TagPlace::Where;
  if (split.kind == LogLine::Kind::kContinuation) return {};
  const bool must_lead = tag_must_lead(format) && split.kind == LogLine::Kind::kMessage;
  if (must_lead && split.message.starts_with(kTag)) {
    std::string_view text = split.message.substr(kTag.size());
    while (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return {Where::kRecord, text};
  }
  const std::optional<std::string_view> text = find_tagged_text(split.message);
  if (!text) return {};
  if (split.kind == LogLine::Kind::kNoHeader) return {Where::kNoRecordHeader, *text};
  return {must_lead ? Where::kEmbedded : Where::kRecord, *text};
}

}  // namespace

ParsedLine read_log_record(LogFormat format, const Line& line, const LogLine& split) {
  // The result is returned as built on the common path (a ParsedLine is costly to move).
  using Where = TagPlace::Where;
  const TagPlace place = find_tag_place(format, split);
  switch (place.where) {
    case Where::kNone:
      return NoTag{};
    case Where::kNoRecordHeader:
      return rejected_as(parse_tagged_text(place.text), RejectReason::kNoRecordHeader);
    case Where::kEmbedded:
      return embedded_record(split.message, place.text);
    case Where::kRecord:
      break;
  }
  if (line.overlong) return rejected_as(parse_tagged_text(place.text), RejectReason::kOverlong);
  if (line.unterminated) {
    ParsedLine parsed = parse_tagged_text(place.text);
    if (std::holds_alternative<Malformed>(parsed)) return parsed;
    return rejected_as(parsed, RejectReason::kTruncated);
  }
  return parse_tagged_text(place.text);
}

namespace {

// The text after a tag leading a whole, untruncated message line: where a plain stamp can be.
// The line reader has stripped trailing CRs, which read_log_record would strip.
std::optional<std::string_view> leading_tagged_text(const Line& line, const LogLine& split) {
  if (split.kind != LogLine::Kind::kMessage || line.overlong || line.unterminated ||
      !split.message.starts_with(kTag)) {
    return std::nullopt;
  }
  return split.message.substr(kTag.size());
}

}  // namespace

bool read_plain_kernel_record(const Line& line, const LogLine& split, KernelStamp& stamp) {
  const std::optional<std::string_view> text = leading_tagged_text(line, split);
  return text && read_plain_kernel_stamp(*text, stamp);
}

bool read_plain_user_record(const Line& line, const LogLine& split, UserStamp& stamp) {
  const std::optional<std::string_view> text = leading_tagged_text(line, split);
  return text && read_plain_user_stamp(*text, stamp);
}

bool holds_no_user_header(std::string_view message) {
  return message.starts_with("ioprobe u ") || message.find(kTag) == std::string_view::npos;
}

}  // namespace iprobe
