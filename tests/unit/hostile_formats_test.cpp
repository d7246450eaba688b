// Every log form `collector parse` reads, rendered from one real guest capture
// (tests/hostile/captures/patch-printk: 1000 calls + 100 warm-up, patched kernel, printk mode)
// and from the guest's own serial boot log. Each must give the same exact counts.
#include <gtest/gtest.h>

#include "hostile_support.hpp"
#include "logs/log_format.hpp"

namespace iprobe::hostile {
namespace {

class HostileFormats : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    user_ = new std::string(load("patch-printk/user.log"));
    kmsg_ = new std::string(load("patch-printk/kmsg.log"));
    console_ = new std::string(load("patch-printk/console.log"));
  }
  static void TearDownTestSuite() {
    delete user_;
    delete kmsg_;
    delete console_;
  }
  static std::vector<Record> records() { return kmsg_records(*kmsg_); }

  // A clean pairing of the capture: everything paired, nothing rejected.
  static void expect_clean(const PairingResult& r) {
    EXPECT_EQ(r.counts.expected, 1000u);
    EXPECT_EQ(r.counts.paired, 1000u);
    EXPECT_EQ(r.counts.lost, 0u);
    EXPECT_EQ(r.counts.warmup, 100u);  // kernel warm-up stamps (the loop prints none)
    EXPECT_EQ(r.counts.rejected, 0u);
    EXPECT_EQ(r.counts.duplicate, 0u);
    EXPECT_EQ(r.counts.foreign, 0u);
    EXPECT_EQ(r.counts.log_lost_records, 0u);
    EXPECT_EQ(r.counts.tsc_backwards_user, 0u);
    EXPECT_EQ(r.counts.tsc_backwards_kernel, 0u);
    EXPECT_TRUE(r.mark_seen);
  }

  static inline std::string* user_ = nullptr;
  static inline std::string* kmsg_ = nullptr;
  static inline std::string* console_ = nullptr;
};

TEST_F(HostileFormats, CaptureIsWhatTheSuiteAssumes) {
  EXPECT_EQ(records().size(), 1101u);  // 1100 kernel stamps (100 warm-up), the mark
  EXPECT_EQ(header_of(*user_).iterations, 1000u);
  EXPECT_EQ(detect_format(*user_), LogFormat::kDmesg);
}

TEST_F(HostileFormats, RawKmsg) {
  const PairingResult r = pair_text(*user_, *kmsg_);
  expect_clean(r);
  EXPECT_EQ(kernel_format(r), LogFormat::kKmsg);
}

TEST_F(HostileFormats, KmsgWithContinuationLines) {
  std::string text;
  for (const std::string& line : split_lines(*kmsg_)) {
    text += line + "\n SUBSYSTEM=ioprobe\n DEVICE=+misc:ioctl_probe\n";
  }
  const PairingResult r = pair_text(*user_, text);
  expect_clean(r);
  EXPECT_EQ(kernel_format(r), LogFormat::kKmsg);
}

TEST_F(HostileFormats, DmesgWithTimeStamps) {
  const PairingResult r = pair_text(*user_, as_dmesg(records()));
  expect_clean(r);
  EXPECT_EQ(kernel_format(r), LogFormat::kDmesg);
}

TEST_F(HostileFormats, DmesgWithoutTimeStamps) {
  const PairingResult r = pair_text(*user_, as_dmesg_no_time(records()));
  expect_clean(r);
  EXPECT_EQ(kernel_format(r), LogFormat::kDmesg);
}

TEST_F(HostileFormats, DmesgRaw) {
  const PairingResult r = pair_text(*user_, as_dmesg_raw(records()));
  expect_clean(r);
  EXPECT_EQ(kernel_format(r), LogFormat::kDmesg);
}

TEST_F(HostileFormats, JournalShortMonotonic) {
  const PairingResult r = pair_text(*user_, as_journal(records()));
  expect_clean(r);
  EXPECT_EQ(kernel_format(r), LogFormat::kJournal);
}

// The guest's serial console: its real boot log (CRLF), the stamps interleaved with console
// noise (escape sequences, NULs from the UART), and a last line cut mid-way.
TEST_F(HostileFormats, SerialCapture) {
  std::string text = *console_;
  int i = 0;
  for (const Record& r : records()) {
    if (++i % 100 == 0) text += "\x1b[2J\x1b[H";     // a terminal reset before the line
    if (i % 250 == 0) text += std::string(3, '\0');  // line noise
    text += time_prefix(r) + r.message + "\r\n";
    if (i % 300 == 0) text += "random: crng init done\r\n";
  }
  const std::vector<Record> all = records();
  const std::string cut = all[500].message;  // a stamp printed again, cut before its newline
  text += time_prefix(all[500]) + cut.substr(0, cut.size() - 3);
  const PairingResult r = pair_text(*user_, text);
  EXPECT_EQ(kernel_format(r), LogFormat::kSerial);
  EXPECT_EQ(r.counts.paired, 1000u);
  EXPECT_EQ(r.counts.rejected, 1u);
  EXPECT_EQ(reason(r, RejectReason::kTruncated), 1u);
  EXPECT_EQ(r.counts.duplicate, 0u);
  EXPECT_EQ(r.counts.warmup, 100u);
}

TEST_F(HostileFormats, SerialBootLogAloneHasNoStamps) {
  const PairingResult r = pair_text(*user_, *console_);
  EXPECT_EQ(kernel_format(r), LogFormat::kSerial);
  EXPECT_EQ(r.counts.paired, 0u);
  EXPECT_EQ(r.counts.missing_kernel, 1000u);
  EXPECT_EQ(r.counts.rejected, 0u);  // "6.1.192-ioprobe" in the banner is no record
}

TEST_F(HostileFormats, BufferedDump) {
  const std::string user = load("patch-buffer/user.log");
  const std::vector<LogSource> users{LogSource::text("user.log", user)};
  const std::vector<LogSource> kernels{
      LogSource::text("kmsg.log", load("patch-buffer/kmsg.log")),
      LogSource::text("kernel-dump.log", load("patch-buffer/kernel-dump.log"))};
  const PairingResult r = pair_logs(users, kernels);
  EXPECT_EQ(r.counts.paired, 1000u);
  EXPECT_EQ(r.counts.rejected, 0u);
  EXPECT_EQ(r.counts.dump_dropped, 0u);
  EXPECT_FALSE(r.counts.dump_incomplete);
  EXPECT_TRUE(r.mark_seen);
  ASSERT_EQ(r.log_formats.size(), 3u);
  EXPECT_EQ(r.log_formats[1].format, LogFormat::kKmsg);
  EXPECT_EQ(r.log_formats[2].format, LogFormat::kDump);
}

TEST_F(HostileFormats, ForcedFormatOverridesDetection) {
  PairingOptions options;
  options.kernel_format = LogFormat::kDmesg;
  // Raw kmsg read as dmesg: the record headers are no dmesg prefix, so every tag is embedded.
  const PairingResult r = pair_text(*user_, *kmsg_, options);
  EXPECT_EQ(kernel_format(r), LogFormat::kDmesg);
  EXPECT_EQ(r.counts.paired, 0u);
  EXPECT_EQ(r.counts.rejected, 1101u);  // 1100 stamps + the mark
  EXPECT_EQ(reason(r, RejectReason::kEmbeddedTag), 1101u);

  // dmesg text read as kmsg: no line has a record header.
  options.kernel_format = LogFormat::kKmsg;
  const PairingResult k = pair_text(*user_, as_dmesg(records()), options);
  EXPECT_EQ(k.counts.rejected, 1101u);
  EXPECT_EQ(reason(k, RejectReason::kNoRecordHeader), 1101u);
  EXPECT_EQ(k.counts.missing_kernel, 1000u);

  // Serial forced on dmesg text: the tag may sit anywhere, nothing changes.
  options.kernel_format = LogFormat::kSerial;
  expect_clean(pair_text(*user_, as_dmesg(records()), options));
}

TEST(HostileDetect, Samples) {
  EXPECT_EQ(detect_format(""), LogFormat::kDmesg);
  EXPECT_EQ(detect_format("\n\n\n"), LogFormat::kDmesg);
  EXPECT_EQ(detect_format("6,1,2,-;hello\n SUBSYSTEM=x\n"), LogFormat::kKmsg);
  EXPECT_EQ(detect_format("[ 1.0] a\r\n[ 1.1] b\r\n"), LogFormat::kSerial);
  EXPECT_EQ(detect_format("Nov 26 21:55:00 vm kernel: x\n"), LogFormat::kJournal);
  EXPECT_EQ(detect_format("ioprobe dump-begin patch entries=0 dropped=0 capacity=8\n"),
            LogFormat::kDump);
  EXPECT_EQ(detect_format("uhyve: starting\nDump kernel log:\n[0] x\n"), LogFormat::kUhyve);
  EXPECT_EQ(format_from_name("journal"), LogFormat::kJournal);
  EXPECT_FALSE(format_from_name("syslog"));
  for (int i = 0; i <= static_cast<int>(LogFormat::kUhyve); ++i) {
    const auto format = static_cast<LogFormat>(i);
    EXPECT_EQ(format_from_name(format_name(format)), format);
  }
}

TEST(HostileDetect, PrintkLossMarkers) {
  EXPECT_EQ(printk_loss_marker("** 17 printk messages dropped **"), 17u);
  EXPECT_EQ(printk_loss_marker("printk: 3 messages suppressed."), 3u);
  EXPECT_EQ(printk_loss_marker("ioprobe_hook_stamp: 5 callbacks suppressed"), 5u);
  EXPECT_EQ(printk_loss_marker("e1000_xmit: 5 callbacks suppressed"), 0u);
  EXPECT_EQ(printk_loss_marker("** 99999999999999999999999 printk messages dropped **"),
            UINT64_MAX);
  EXPECT_EQ(printk_loss_marker("ioprobe k patch 00000001 1 1 1"), 0u);
}

}  // namespace
}  // namespace iprobe::hostile
