// Human sentences describing what the counts of a pairing mean for the measurement.
#pragma once

#include <optional>
#include <string>

#include "pair/pairing.hpp"

namespace iprobe {

// Appends one warning per suspicious count (lost, rejected, duplicate, negative, cross-CPU,
// foreign, out-of-range, wrong source, dropped, overlong lines, loop total anomalies).
void append_count_warnings(PairingResult& result);

// `collector parse --strict`: the first anomaly of the pairing as one line ("3 rejected line(s):
// 2 missing_fields, 1 overflow"), nullopt when there is none. Anomalies: lost calls (missing
// stamps on either side), rejected lines, duplicates, out-of-range seqs, wrong-source stamps,
// /dev/kmsg gaps and restarts, printk drop markers, dump drops and incomplete dumps, an extra
// probe's lost calls, drops and incomplete dumps, TSCs going backwards, overlong lines. Not
// anomalies: stamps of other runs (a shared dmesg holds earlier runs), warm-up stamps, negative
// or cross-CPU deltas and order violations (measurement results, reported as such).
std::optional<std::string> strict_violation(const PairingResult& result);

}  // namespace iprobe
