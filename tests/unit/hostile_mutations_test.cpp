// The real patch-printk capture (1000 calls, 100 warm-up) damaged in every way the collector must
// survive; each case asserts the exact counts. Mutations are applied at test time to the kernel
// messages (then rendered as raw /dev/kmsg) or to the loop's output.
#include <gtest/gtest.h>

#include <fstream>
#include <streambuf>

#include "hostile_support.hpp"
#include "pair/pairing_warnings.hpp"

namespace iprobe::hostile {
namespace {

class Hostile : public ::testing::Test {
 protected:
  void SetUp() override {
    user = load("patch-printk/user.log");
    kmsg = load("patch-printk/kmsg.log");
    recs = kmsg_records(kmsg);
    run = header_of(user).run;
  }

  // Index in recs of the kernel stamp with this (non-warm-up) seq.
  std::size_t kernel_index(int64_t seq) const {
    for (std::size_t i = 0; i < recs.size(); ++i) {
      if (stamp_seq(recs[i].message) == seq) return i;
    }
    throw std::runtime_error("no kernel stamp " + std::to_string(seq));
  }
  // Index in the user log lines of the user stamp with this seq.
  static std::size_t user_index(const std::vector<std::string>& lines, int64_t seq) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].starts_with("ioprobe u ") && stamp_seq(lines[i]) == seq) return i;
    }
    throw std::runtime_error("no user stamp " + std::to_string(seq));
  }
  PairingResult pair_records(const std::vector<Record>& records, PairingOptions options = {}) {
    return pair_text(user, as_kmsg(renumber(records, 226)), options);
  }

  std::string user;
  std::string kmsg;
  std::vector<Record> recs;
  uint32_t run = 0;
};

TEST_F(Hostile, PristineCaptureIsClean) {
  const PairingResult r = pair_records(recs);
  EXPECT_EQ(r.counts.paired, 1000u);
  EXPECT_FALSE(strict_violation(r));
}

TEST_F(Hostile, ForeignLinesInterleaved) {
  std::vector<Record> out;
  for (const Record& r : recs) {
    out.push_back(message("virtio_net virtio1 eth0: link up"));
    out.push_back(message("ioprobe_hook: probe armed"));   // glued: not our tag
    out.push_back(message("ioprobe: 3 stamps buffered"));  // "ioprobe:" is no tag
    out.push_back(message("Linux version 6.1.192-ioprobe (root@vm) (gcc 12.2.0) #3 SMP"));
    out.push_back(r);
  }
  out.push_back(message("audit: ioprobe k patch 00000001 1 1 1"));  // tag inside a message
  const PairingResult r = pair_records(out);
  EXPECT_EQ(r.counts.paired, 1000u);
  EXPECT_EQ(r.counts.rejected, 1u);
  EXPECT_EQ(reason(r, RejectReason::kEmbeddedTag), 1u);
  EXPECT_EQ(r.counts.foreign, 0u);
  EXPECT_EQ(*strict_violation(r), "1 rejected line(s): 1 embedded_tag");
}

TEST_F(Hostile, SamePrefixFromAnotherModule) {
  // The module capture's stamps relabelled with this run's id: the other probe's stamps.
  std::vector<Record> out = recs;
  const std::string module_run = run_hex(header_of(load("patch-printk/user.log")).run);
  for (Record r : kmsg_records(load("module-printk/kmsg.log"))) {
    if (!r.message.starts_with("ioprobe k module ")) continue;
    r.message.replace(17, 8, module_run);
    out.push_back(r);
  }
  out.push_back(message("ioprobe hook installed at fs/ioctl.c"));  // unknown record kind
  const PairingResult r = pair_records(out);
  EXPECT_EQ(r.counts.paired, 1000u);
  EXPECT_EQ(r.counts.wrong_source, 1100u);
  EXPECT_EQ(reason(r, RejectReason::kUnknownKind), 1u);
  EXPECT_EQ(r.counts.rejected, 1u);
}

TEST_F(Hostile, EarlierRunsInTheSameLog) {
  std::vector<Record> out = kmsg_records(load("module-printk/kmsg.log"));  // an earlier run
  out.insert(out.end(), recs.begin(), recs.end());
  const PairingResult r = pair_records(out);
  EXPECT_EQ(r.counts.paired, 1000u);
  EXPECT_EQ(r.counts.foreign, 1100u);
  ASSERT_EQ(r.foreign_runs.size(), 1u);
  EXPECT_EQ(r.counts.rejected, 0u);
  EXPECT_FALSE(strict_violation(r));  // other runs are no anomaly of this one
}

TEST_F(Hostile, TruncatedLines) {
  std::vector<Record> out = recs;
  for (int64_t seq = 10; seq < 15; ++seq) {  // last field lost
    std::string& m = out[kernel_index(seq)].message;
    m.erase(m.rfind(' '));
  }
  for (int64_t seq = 20; seq < 50; seq += 10) {  // TSC digits cut: parses, but goes backwards
    std::string& m = out[kernel_index(seq)].message;
    m.resize(m.size() - 4);
  }
  const PairingResult r = pair_records(out);
  EXPECT_EQ(reason(r, RejectReason::kMissingFields), 5u);
  EXPECT_EQ(r.counts.rejected, 5u);
  EXPECT_EQ(r.counts.missing_kernel, 5u);
  EXPECT_EQ(r.counts.paired, 995u);
  EXPECT_EQ(r.counts.tsc_backwards_kernel, 3u);
  EXPECT_EQ(r.counts.negative, 3u);
}

TEST_F(Hostile, SplitLines) {
  std::vector<std::string> lines = split_lines(kmsg);
  // A record torn in two (a reader that split one read): "...patch fa" / "a1fdd8 7 1 2223..."
  std::vector<std::string> out;
  int split = 0;
  for (const std::string& line : lines) {
    const int64_t seq = stamp_seq(line);
    if (seq >= 100 && seq < 104) {
      const std::size_t cut = line.find("patch ") + 8;
      out.push_back(line.substr(0, cut));
      out.push_back(line.substr(cut));
      ++split;
    } else {
      out.push_back(line);
    }
  }
  ASSERT_EQ(split, 4);
  const PairingResult r = pair_text(user, join(out));
  EXPECT_EQ(reason(r, RejectReason::kMissingFields), 4u);
  EXPECT_EQ(r.counts.rejected, 4u);
  EXPECT_EQ(r.counts.missing_kernel, 4u);
  EXPECT_EQ(r.counts.log_lost_records, 0u);
}

TEST_F(Hostile, DuplicatedLines) {
  std::vector<Record> out = recs;
  for (int64_t seq = 0; seq < 50; ++seq) out.push_back(recs[kernel_index(seq)]);
  std::vector<std::string> ulines = split_lines(user);
  for (int64_t seq = 0; seq < 20; ++seq) ulines.push_back(ulines[user_index(ulines, seq)]);
  const PairingResult r = pair_text(join(ulines), as_kmsg(renumber(out, 226)));
  EXPECT_EQ(r.counts.duplicate, 70u);
  EXPECT_EQ(r.counts.paired, 1000u);
  EXPECT_EQ(r.counts.rejected, 0u);
}

TEST_F(Hostile, CrlfLineEnds) {
  const PairingResult r =
      pair_text(join(split_lines(user), "\r\n"), join(split_lines(kmsg), "\r\n"));
  EXPECT_EQ(kernel_format(r), LogFormat::kKmsg);
  EXPECT_EQ(r.counts.paired, 1000u);
  EXPECT_EQ(r.counts.rejected, 0u);
}

TEST_F(Hostile, NulBytes) {
  std::vector<Record> out = recs;
  for (int64_t seq = 30; seq < 34; ++seq) out[kernel_index(seq)].message.back() = '\0';
  out.push_back(message(std::string("\0\0\0", 3)));  // a NUL-only line: foreign
  const PairingResult r = pair_records(out);
  EXPECT_EQ(reason(r, RejectReason::kNulByte), 4u);
  EXPECT_EQ(r.counts.rejected, 4u);
  EXPECT_EQ(r.counts.paired, 996u);

  // NULs before the tag of a dmesg file: in dmesg form that is garbage before the record...
  std::string text = as_dmesg(recs);
  text.insert(0, std::string("\0\0", 2));
  PairingOptions options;
  options.kernel_format = LogFormat::kDmesg;
  const PairingResult d = pair_text(user, text, options);
  EXPECT_EQ(reason(d, RejectReason::kNulByte), 1u);
  EXPECT_EQ(d.counts.warmup, 99u);  // the first record is a warm-up stamp
  EXPECT_EQ(d.counts.paired, 1000u);
  // ...while detection takes NULs as serial line noise, where a prefix does not matter.
  const PairingResult s = pair_text(user, text);
  EXPECT_EQ(kernel_format(s), LogFormat::kSerial);
  EXPECT_EQ(s.counts.paired, 1000u);
}

TEST_F(Hostile, InvalidUtf8InTheRunHeader) {
  std::vector<std::string> ulines = split_lines(user);
  ulines.front().replace(ulines.front().find("variant=raw"), 11, "variant=r\xe9w");
  try {
    pair_text(join(ulines), kmsg);
    FAIL() << "a run without a valid header was paired";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(),
                 "user log(s) 'user.log' hold no `ioprobe run` header; 1 malformed run header "
                 "line(s) were rejected");
  }
}

TEST_F(Hostile, InvalidUtf8InStamps) {
  std::vector<Record> out = recs;
  for (int64_t seq = 40; seq < 43; ++seq) out[kernel_index(seq)].message += "\xff\xfe";
  out[kernel_index(43)].message += "\xc3\xa9";                   // valid UTF-8, not ASCII
  out.push_back(message("usb 1-1: product: \xff\xc0 garbage"));  // foreign: no effect
  const PairingResult r = pair_records(out);
  EXPECT_EQ(reason(r, RejectReason::kInvalidUtf8), 3u);
  EXPECT_EQ(reason(r, RejectReason::kControlChar), 1u);
  EXPECT_EQ(r.counts.rejected, 4u);
  EXPECT_EQ(r.counts.paired, 996u);
}

TEST_F(Hostile, NumbersOverflowing64Bits) {
  std::vector<Record> out = recs;
  const std::string id = run_hex(run);
  out.push_back(message("ioprobe k patch " + id + " 5 1 99999999999999999999999"));  // tsc
  out.push_back(message("ioprobe k patch " + id + " 4294967296 1 5"));               // seq
  out.push_back(message("ioprobe k patch " + id + " 6 18446744073709551616 5"));     // cpu
  out.push_back(message("ioprobe k patch " + id + " 7 1 18446744073709551615"));     // max ok
  const PairingResult r = pair_records(out);
  EXPECT_EQ(reason(r, RejectReason::kOverflow), 3u);
  EXPECT_EQ(r.counts.rejected, 3u);
  EXPECT_EQ(r.counts.duplicate, 1u);  // the max-TSC line is a valid second stamp of seq 7
}

TEST_F(Hostile, SeqOutsideRange) {
  std::vector<Record> out = recs;
  const std::string id = run_hex(run);
  for (const char* seq : {"1000", "5000", "2147483647"}) {
    out.push_back(message("ioprobe k patch " + id + " " + seq + " 1 5"));
  }
  std::vector<std::string> ulines = split_lines(user);
  ulines.push_back("ioprobe u " + id + " 1001 1 5");
  const PairingResult r = pair_text(join(ulines), as_kmsg(renumber(out, 1)));
  EXPECT_EQ(r.counts.out_of_range, 4u);
  EXPECT_EQ(r.counts.paired, 1000u);
  EXPECT_EQ(*strict_violation(r), "4 stamp(s) with seq outside [0, N)");
}

TEST_F(Hostile, TscGoingBackwards) {
  std::vector<std::string> ulines = split_lines(user);
  // Swap the TSCs of user seqs 100 and 101.
  std::string& a = ulines[user_index(ulines, 100)];
  std::string& b = ulines[user_index(ulines, 101)];
  const std::string ta = a.substr(a.rfind(' '));
  const std::string tb = b.substr(b.rfind(' '));
  a = a.substr(0, a.rfind(' ')) + tb;
  b = b.substr(0, b.rfind(' ')) + ta;
  std::vector<Record> out = recs;
  std::string& k = out[kernel_index(500)].message;
  k = k.substr(0, k.rfind(' ')) + " 0";  // a kernel TSC reset
  const PairingResult r = pair_text(join(ulines), as_kmsg(renumber(out, 1)));
  EXPECT_EQ(r.counts.tsc_backwards_user, 1u);
  EXPECT_EQ(r.counts.tsc_backwards_kernel, 1u);
  // Seq 100 now carries seq 101's later user TSC: after its kernel stamp too.
  EXPECT_EQ(r.counts.negative, 2u);
  EXPECT_EQ(r.counts.paired, 1000u);
}

TEST_F(Hostile, KernelStampWithoutUserStampAndReverse) {
  std::vector<std::string> ulines = split_lines(user);
  std::vector<std::string> kept;
  for (const std::string& line : ulines) {
    const int64_t seq = stamp_seq(line);
    if (seq >= 0 && seq < 7) continue;  // 7 user stamps lost
    kept.push_back(line);
  }
  std::vector<Record> out;
  for (const Record& r : recs) {
    const int64_t seq = stamp_seq(r.message);
    if (seq >= 900 && seq < 911) continue;  // 11 kernel stamps lost, records renumbered
    out.push_back(r);
  }
  const PairingResult r = pair_text(join(kept), as_kmsg(renumber(out, 1)));
  EXPECT_EQ(r.counts.missing_user, 7u);
  EXPECT_EQ(r.counts.missing_kernel, 11u);
  EXPECT_EQ(r.counts.lost, 18u);
  EXPECT_EQ(r.counts.paired, 982u);
  EXPECT_EQ(r.counts.log_lost_records, 0u);
}

TEST_F(Hostile, KmsgSequenceGapsAndRestarts) {
  std::vector<Record> out;
  for (const Record& r : recs) {  // original seqs kept: 25 overwritten records
    const int64_t seq = stamp_seq(r.message);
    if (seq >= 200 && seq < 225) continue;
    out.push_back(r);
  }
  const PairingResult r = pair_text(user, as_kmsg(out));
  EXPECT_EQ(r.counts.log_lost_records, 25u);
  EXPECT_EQ(r.counts.missing_kernel, 25u);
  EXPECT_EQ(*strict_violation(r), "25 of 1000 calls of run " + run_hex(run) +
                                      " unpaired (25 without kernel stamp, 0 without user stamp)");

  const PairingResult twice = pair_text(user, kmsg + kmsg);  // concatenated captures
  EXPECT_EQ(twice.counts.log_seq_restarts, 1u);
  EXPECT_EQ(twice.counts.log_lost_records, 0u);
  EXPECT_EQ(twice.counts.duplicate, 1000u);
  EXPECT_EQ(twice.counts.warmup, 200u);
}

TEST_F(Hostile, PrintkLossMarkers) {
  std::vector<Record> out = recs;
  out.insert(out.begin() + 300, message("** 17 printk messages dropped **"));
  out.insert(out.begin() + 400, message("ioprobe_hook_stamp: 5 callbacks suppressed"));
  out.insert(out.begin() + 500, message("printk: 3 messages suppressed."));
  out.insert(out.begin() + 600, message("e1000_xmit_frame: 100 callbacks suppressed"));
  const PairingResult r = pair_records(out);
  EXPECT_EQ(r.counts.printk_dropped, 25u);
  EXPECT_EQ(r.counts.paired, 1000u);
  EXPECT_EQ(*strict_violation(r), "25 printk message(s) dropped");
}

TEST_F(Hostile, OverlongLine) {
  std::vector<Record> out = recs;
  out[kernel_index(77)].message += std::string(5000, 'x');
  out.push_back(message(std::string(100000, 'y')));  // foreign and overlong
  const PairingResult r = pair_records(out);
  EXPECT_EQ(reason(r, RejectReason::kOverlong), 1u);
  EXPECT_EQ(r.counts.rejected, 1u);
  EXPECT_EQ(r.overlong_lines, 2u);
  EXPECT_EQ(r.counts.missing_kernel, 1u);
}

TEST_F(Hostile, EmptyFiles) {
  const PairingResult r = pair_text(user, "");
  EXPECT_EQ(r.counts.paired, 0u);
  EXPECT_EQ(r.counts.missing_kernel, 1000u);
  EXPECT_EQ(r.counts.rejected, 0u);
  EXPECT_THROW(
      {
        try {
          pair_text("", kmsg);
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "user log(s) 'user.log' hold no `ioprobe run` header");
          throw;
        }
      },
      std::runtime_error);
}

TEST_F(Hostile, TruncatedLastLineOfTheUserLog) {
  std::string cut = user;
  const std::size_t total = cut.rfind("ioprobe total");
  cut.resize(total);  // the loop was killed while printing its last stamp
  cut.resize(cut.size() - 4);
  const PairingResult r = pair_text(cut, kmsg);
  EXPECT_EQ(reason(r, RejectReason::kTruncated), 1u);
  EXPECT_EQ(r.counts.missing_user, 1u);
  EXPECT_EQ(r.counts.paired, 999u);
}

// A generated stream far larger than any buffer: foreign lines with the capture's stamps spread
// through it, read through an istream that never holds more than one line of it.
class GeneratedLog : public std::streambuf {
 public:
  GeneratedLog(std::vector<std::string> stamps, uint64_t filler_lines)
      : stamps_(std::move(stamps)), filler_(filler_lines) {}

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (next_ >= stamps_.size() && emitted_ >= filler_) return traits_type::eof();
    const uint64_t every = filler_ / (stamps_.size() + 1) + 1;
    // Records numbered without gaps, as /dev/kmsg would.
    line_ = "6," + std::to_string(1000000 + emitted_) + ",123456,-;";
    if (next_ < stamps_.size() && (emitted_ % every == 0 || emitted_ >= filler_)) {
      line_ += stamps_[next_++] + "\n";
      if (emitted_ >= filler_) --filler_;  // past the filler: stamps only
    } else {
      line_ += "virtio_net virtio1 eth0: rx drop counter says nothing of interest\n";
    }
    ++emitted_;
    setg(line_.data(), line_.data(), line_.data() + line_.size());
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::vector<std::string> stamps_;
  uint64_t filler_;
  uint64_t emitted_ = 0;
  std::size_t next_ = 0;
  std::string line_;
};

TEST_F(Hostile, HugeStreamInBoundedMemory) {
  std::vector<std::string> stamps;
  for (const Record& r : recs) stamps.push_back(r.message);
  constexpr uint64_t kFiller = 3'000'000;  // ~300 MB of foreign records
  LogSource kernel{"generated", [stamps]() -> std::unique_ptr<std::istream> {
                     struct Owner : std::istream {
                       explicit Owner(std::vector<std::string> s)
                           : std::istream(nullptr), buf(std::move(s), kFiller) {
                         rdbuf(&buf);
                       }
                       GeneratedLog buf;
                     };
                     return std::make_unique<Owner>(stamps);
                   }};
  kernel.rereadable = false;
  const std::vector<LogSource> users{LogSource::text("user.log", user)};
  const std::vector<LogSource> kernels{kernel};
  const PairingResult r = pair_logs(users, kernels);
  EXPECT_EQ(r.counts.paired, 1000u);
  EXPECT_EQ(r.counts.rejected, 0u);
  EXPECT_EQ(r.counts.log_seq_restarts, 0u);
  EXPECT_EQ(r.counts.log_lost_records, 0u);
}

}  // namespace
}  // namespace iprobe::hostile
