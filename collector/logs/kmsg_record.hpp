// Raw /dev/kmsg records ("prio,seq,usec,flags[,more];message") and the audit of their
// sequence numbers: the kernel numbers every record, so a jump in seq means records were
// overwritten in the ring buffer before they were read.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace iprobe {

struct KmsgRecord {
  uint64_t seq = 0;
  std::string_view message;  // text after ';' (a view into the line)
};

// Recognizes a record header line. prio, seq and usec must be decimal numbers, flags a
// non-empty word without ',' or ';'; further comma separated fields before ';' are allowed.
std::optional<KmsgRecord> parse_kmsg_record(std::string_view line);

// Continuation lines of a record ("<space>KEY=value") that carry dictionary data.
bool is_kmsg_continuation(std::string_view line);

// Counts records lost between consecutive records of one capture.
//
// A seq that jumps from s to s+1+g counts g lost records. A seq that does not increase
// (capture restarted, two captures concatenated, reboot) counts no loss: it is recorded as a
// restart and the audit continues from the new seq. Records overwritten before the first record
// of the capture are counted only when the seq read just before the capture began was given
// to start_after().
class KmsgSeqAudit {
 public:
  void observe(uint64_t seq);
  // The capture begins after the record `seq` (read but not part of it): a first record
  // `seq`+1+g then counts g lost records.
  void start_after(uint64_t seq) { last_ = seq; }

  uint64_t records() const { return records_; }
  uint64_t lost() const { return lost_; }
  uint64_t restarts() const { return restarts_; }

 private:
  std::optional<uint64_t> last_;
  uint64_t records_ = 0;
  uint64_t lost_ = 0;
  uint64_t restarts_ = 0;
};

}  // namespace iprobe
