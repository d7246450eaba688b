// The forms a kernel (or user) log comes in, their detection, and the per-line stripping of
// each form's prefix down to the kernel message.
//
//   kmsg     raw /dev/kmsg records "prio,seq,usec,flags[,...];message" plus continuation lines
//            starting with a space (dictionary: " SUBSYSTEM=...")
//   dmesg    `dmesg` text: "[ sec.usec] message", "<6>[ sec.usec] message" (dmesg -r),
//            "[Thu Nov 26 ...] message" (dmesg -T), or bare "message" (dmesg -t, loop stdout)
//   journal  `journalctl -k -o short-monotonic` "[ sec.usec] host kernel: message" (also the
//            default short form "Nov 26 21:55:00 host kernel: message")
//   serial   a QEMU serial console capture: CR/LF, NULs and escape sequences, boot messages, a
//            partial last line; the tag may sit anywhere in a line
//   dump     the probe's buffered dump (dump-begin, stamp lines, dump-end), plain lines
//   uhyve    hook for HermiTux's uhyve output (kernel log after "Dump kernel log:"); handled
//            like serial for now
//
// In kmsg, dmesg, journal and dump logs an ioprobe record must start the message (a tag further
// in is another module's text: rejected as embedded_tag). In serial and uhyve logs whatever
// precedes the tag is ignored.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "util/enum_names.hpp"

namespace iprobe {

enum class LogFormat { kAuto, kKmsg, kDmesg, kJournal, kSerial, kDump, kUhyve };
inline constexpr std::array kLogFormatNames{EnumName<LogFormat>{LogFormat::kAuto, "auto"},
                                            EnumName<LogFormat>{LogFormat::kKmsg, "kmsg"},
                                            EnumName<LogFormat>{LogFormat::kDmesg, "dmesg"},
                                            EnumName<LogFormat>{LogFormat::kJournal, "journal"},
                                            EnumName<LogFormat>{LogFormat::kSerial, "serial"},
                                            EnumName<LogFormat>{LogFormat::kDump, "dump"},
                                            EnumName<LogFormat>{LogFormat::kUhyve, "uhyve"}};

std::string_view format_name(LogFormat format);
// "auto", "kmsg", "dmesg", "journal", "serial", "dump", "uhyve"; nullopt for anything else.
std::optional<LogFormat> format_from_name(std::string_view name);

// How many bytes of a log's start detect_format looks at.
inline constexpr std::size_t kDetectBytes = std::size_t{64} * 1024;

// The form of a log from its first bytes (raw, with line ends). Never returns kAuto; an empty
// or unrecognisable sample is kDmesg (bare lines).
LogFormat detect_format(std::string_view sample);

struct LogLine {
  enum class Kind {
    kMessage,       // message holds the kernel message (or the whole line)
    kContinuation,  // kmsg dictionary line: carries no message
    kNoHeader,      // kmsg log, but the line is neither a record nor a continuation
  };
  Kind kind = Kind::kMessage;
  std::string_view message;
  std::optional<uint64_t> kmsg_seq;  // kmsg records only
};

// Strips the prefix of format (not kAuto) from one line (without its line end).
LogLine split_log_line(LogFormat format, std::string_view line);

// Whether a tag must start the message in this format (see above).
bool tag_must_lead(LogFormat format);

// Messages lost by printk itself, from one kernel message: "** N printk messages dropped **",
// "printk: N messages suppressed", "<...ioprobe...>: N callbacks suppressed". 0 otherwise.
// Saturates at UINT64_MAX.
uint64_t printk_loss_marker(std::string_view message);

}  // namespace iprobe
