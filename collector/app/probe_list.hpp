// --probe NAME[,NAME]: the probes of one entry run, the first named being the primary (the one
// the anatomy is computed from), validated once here.
#pragma once

#include <string>
#include <vector>

#include "scenarios/common/run_options.hpp"

namespace iprobe {

// Parses the list into o.probe (primary) and o.extra_probes. A list holds one probe, or
// tracepoint together with patch or module (both stamp the same call: the cross-check).
// Throws std::invalid_argument with a one-line message saying what is allowed.
void parse_probe_list(const std::string& text, RunOptions& o);

}  // namespace iprobe
