#include "pair/dump_audit.hpp"

#include <algorithm>
#include <utility>

#include "util/enums.hpp"

namespace iprobe {
void DumpAudit::start_log(std::string_view log_name) {
  where_ = " in kernel log '" + std::string(log_name) + "'";
  open_.reset();
}

void DumpAudit::issue(Probe source, std::string message) {
  issues_.push_back(Issue{source, std::move(message)});
}

void DumpAudit::begin(const DumpBegin& begin) {
  if (open_) {
    const Probe source = open_->begin.source;
    issue(source, "a dump-begin of " + name(source) + where_ +
                      " has no dump-end before the next dump-begin");
  }
  open_ = OpenDump{begin, 0};
  dropped_[index(begin.source)] += begin.dropped;
  ++dumps_[index(begin.source)];
}

void DumpAudit::end(const DumpEnd& end) {
  if (!open_) {
    issue(end.source, "a dump-end of " + name(end.source) + where_ + " has no dump-begin");
    return;
  }
  const DumpBegin& begin = open_->begin;
  const std::string probe = name(begin.source);
  if (end.source != begin.source) {
    issue(begin.source,
          "dump-begin of " + probe + " was closed by dump-end of " + name(end.source) + where_);
  } else if (end.entries != begin.entries || open_->lines != begin.entries) {
    issue(begin.source, "dump of " + probe + where_ + " announced " +
                            std::to_string(begin.entries) + " entries, dump-end says " +
                            std::to_string(end.entries) + ", and " + std::to_string(open_->lines) +
                            " stamp lines were found between them");
  }
  open_.reset();
}

void DumpAudit::end_log() {
  if (!open_) return;
  const Probe source = open_->begin.source;
  issue(source, "a dump-begin of " + name(source) + where_ + " has no dump-end (dump cut short?)");
  open_.reset();
}

bool DumpAudit::incomplete(Probe source) const {
  return std::any_of(issues_.begin(), issues_.end(),
                     [source](const Issue& issue) { return issue.source == source; });
}

void DumpAudit::report(std::span<const Probe> probes, RunCounts& counts,
                       std::vector<std::string>& warnings) const {
  // Dumps of a probe not in the run hold no stamps of ours.
  const auto is_probe = [probes](Probe source) {
    return probes.empty() || std::find(probes.begin(), probes.end(), source) != probes.end();
  };
  const auto is_primary = [probes](Probe source) {
    return probes.empty() || probes.front() == source;
  };
  for (std::size_t i = 0; i < kProbeCount; ++i) {
    const auto source = static_cast<Probe>(i);
    if (!is_probe(source)) continue;
    if (is_primary(source)) counts.dump_dropped += dropped_[i];
    if (dumps_[i] > 1) {
      warnings.push_back(std::to_string(dumps_[i]) + " dumps of " + name(source) +
                         " were found; their dropped counts were summed");
    }
  }
  for (const Issue& issue : issues_) {
    if (!is_probe(issue.source)) continue;
    if (is_primary(issue.source)) counts.dump_incomplete = true;
    warnings.push_back("incomplete dump: " + issue.message);
  }
}

}  // namespace iprobe
