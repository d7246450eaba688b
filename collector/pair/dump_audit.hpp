// The framing audit of buffered dumps in the kernel logs. A probe in buffer mode prints
//   ioprobe dump-begin <source> entries=E dropped=D capacity=C
//   ... E stamp lines ...
//   ioprobe dump-end <source> entries=E
// A dump whose framing is broken (no dump-end, no dump-begin, another source's dump-end, or
// counts that disagree with the stamp lines between them) is incomplete: some stamps may be
// missing without a trace. The dropped counts (stamps the full buffer never recorded) are summed
// per source. Only the run's probes' dumps count when the run is judged (report()).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/types.hpp"

namespace iprobe {

class DumpAudit {
 public:
  // Each kernel log is audited on its own: start_log, then its records in order, then end_log.
  void start_log(std::string_view log_name);
  // A kernel stamp line, well-formed or not: counted against the open dump's entries.
  void stamp_line() {
    if (open_) ++open_->lines;
  }
  void begin(const DumpBegin& begin);
  void end(const DumpEnd& end);
  void end_log();  // a dump still open was cut short

  // What the dumps of one source said, over every log.
  uint64_t dropped(Probe source) const { return dropped_[index(source)]; }
  bool incomplete(Probe source) const;

  // Judges the dumps of the run's probes (primary first; empty: the primary is unknown and every
  // source counts as the primary): the primary's dropped counts go to counts.dump_dropped, an
  // incomplete primary dump sets counts.dump_incomplete, and each repeated dump and framing issue
  // becomes a warning.
  void report(std::span<const Probe> probes, RunCounts& counts,
              std::vector<std::string>& warnings) const;

 private:
  struct OpenDump {
    DumpBegin begin;
    uint64_t lines = 0;  // kernel stamp lines since dump-begin
  };
  struct Issue {
    Probe source;
    std::string message;
  };

  static std::size_t index(Probe source) { return static_cast<std::size_t>(source); }
  void issue(Probe source, std::string message);

  std::string where_;  // " in kernel log '<name>'"
  std::optional<OpenDump> open_;
  std::array<uint64_t, kProbeCount> dropped_{};
  std::array<uint64_t, kProbeCount> dumps_{};
  std::vector<Issue> issues_;
};

}  // namespace iprobe
