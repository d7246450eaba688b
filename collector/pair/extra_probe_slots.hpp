// The per-seq stamps of one extra (cross-check) probe while a run is paired, and its accounting
// once every log was read. Used by the pairing (pairing.cpp) only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "util/types.hpp"

namespace iprobe {

class ExtraProbeSlots {
 public:
  // n: the run's iteration count (seqs 0..n-1).
  ExtraProbeSlots(Probe source, Probe primary, std::size_t n);

  Probe source() const { return probe_.source; }

  // Records a stamp of this probe with seq < n; false (and counted as duplicate) when the seq
  // already has one: the first stamp is kept.
  bool add(const KernelStamp& stamp);

  // Called once for every seq in ascending order, after all logs were read: has_user tells
  // whether the seq has a user stamp, pair is the primary pair of the seq or nullptr.
  void visit(std::size_t seq, bool has_user, const Pair* pair);

  // The probe's accounting and its stamps of the pairs, given the dump counts of its source.
  ExtraProbe finish(uint64_t expected, uint64_t dump_dropped, bool dump_incomplete);

 private:
  Probe primary_;
  ExtraProbe probe_;
  std::vector<ProbeCall> slots_;
  std::vector<bool> taken_;
};

}  // namespace iprobe
