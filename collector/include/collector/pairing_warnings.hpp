// Human sentences describing what the counts of a pairing mean for the measurement.
#pragma once

#include "collector/pairing.hpp"

namespace iprobe {

// Appends one warning per suspicious count (lost, rejected, duplicate, negative, cross-CPU,
// foreign, out-of-range, wrong source, dropped, overlong lines, loop total anomalies).
void append_count_warnings(PairingResult& result);

}  // namespace iprobe
