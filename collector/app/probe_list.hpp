// --probe NAME[,NAME]: the probes of one entry run, the first named being the primary (the one
// the anatomy is computed from), validated once here for `collector` and `collector parse`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/enums.hpp"

namespace iprobe {

// Which probes a command accepts: a measurement chooses among the Linux probes (the HermiTux
// patch is --scenario hermitux's own); `collector parse` reads the logs of any probe.
enum class ProbeChoice : uint8_t { kLinux, kAny };

// The probes a command line may name, "a, b or c", from kProbeNames.
std::string probe_choice_names(ProbeChoice choice, std::string_view last_sep = " or ",
                               std::string_view sep = ", ");

// Parses the list, primary first. A list holds one probe, or tracepoint together with one
// other (both stamp the same call: the cross-check). Throws std::invalid_argument with a
// one-line message saying what is allowed.
std::vector<Probe> parse_probe_list(const std::string& text, ProbeChoice choice);

}  // namespace iprobe
