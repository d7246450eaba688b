#include "app/probe_list.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace iprobe {

namespace {

Probe one_probe(const std::string& word) {
  if (const std::optional<Probe> p = value_in(kProbeNames, word)) return *p;
  throw std::invalid_argument("--probe must be a list of " + names_in(kProbeNames, ", ") +
                              " (e.g. patch,tracepoint), got '" + word + "'");
}

}  // namespace

void parse_probe_list(const std::string& text, RunOptions& o) {
  std::vector<Probe> probes;
  std::istringstream in(text);
  for (std::string word; std::getline(in, word, ',');) {
    const Probe p = one_probe(word);
    if (std::find(probes.begin(), probes.end(), p) != probes.end())
      throw std::invalid_argument("--probe names " + word + " twice");
    probes.push_back(p);
  }
  if (probes.empty() || text.back() == ',') one_probe("");
  if (probes.size() > 2 || (probes.size() == 2 && std::find(probes.begin(), probes.end(),
                                                            Probe::kTracepoint) == probes.end()))
    throw std::invalid_argument(
        "--probe " + text +
        ": a call is answered by one of patch and module only; pair one of them with "
        "tracepoint (patch,tracepoint or module,tracepoint)");
  o.probe = probes.front();
  o.extra_probes.assign(probes.begin() + 1, probes.end());
}

}  // namespace iprobe
