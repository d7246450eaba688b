#include "app/probe_list.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace iprobe {

namespace {

bool allowed(Probe probe, ProbeChoice choice) {
  return choice == ProbeChoice::kAny || probe != Probe::kHermitux;
}

Probe one_probe(const std::string& word, ProbeChoice choice) {
  const std::optional<Probe> p = value_in(kProbeNames, word);
  if (p && allowed(*p, choice)) return *p;
  if (p)
    throw std::invalid_argument("--probe hermitux is the HermiTux patch: use --scenario hermitux");
  throw std::invalid_argument("--probe must be a list of " + probe_choice_names(choice, ", ") +
                              " (e.g. patch,tracepoint), got '" + word + "'");
}

}  // namespace

std::string probe_choice_names(ProbeChoice choice, std::string_view last_sep,
                               std::string_view sep) {
  return names_where(
      kProbeNames, [choice](Probe p) { return allowed(p, choice); }, last_sep, sep);
}

std::vector<Probe> parse_probe_list(const std::string& text, ProbeChoice choice) {
  std::vector<Probe> probes;
  std::istringstream in(text);
  for (std::string word; std::getline(in, word, ',');) {
    const Probe p = one_probe(word, choice);
    if (std::find(probes.begin(), probes.end(), p) != probes.end())
      throw std::invalid_argument("--probe names " + word + " twice");
    probes.push_back(p);
  }
  if (probes.empty() || text.back() == ',') one_probe("", choice);
  if (probes.size() > 2 || (probes.size() == 2 && std::find(probes.begin(), probes.end(),
                                                            Probe::kTracepoint) == probes.end()))
    throw std::invalid_argument(
        "--probe " + text +
        ": a call is answered by one of patch and module only; pair one of them with "
        "tracepoint (patch,tracepoint or module,tracepoint)");
  return probes;
}

}  // namespace iprobe
