#include "util/enums.hpp"

namespace iprobe {

std::string probe_list_name(std::span<const Probe> probes) {
  std::string text;
  for (const Probe probe : probes) {
    if (!text.empty()) text += ',';
    text += name(probe);
  }
  return text;
}

std::optional<std::vector<Probe>> probes_from_list_name(std::string_view text) {
  std::vector<Probe> probes;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::optional<Probe> probe = value_in(kProbeNames, text.substr(0, comma));
    if (!probe) return std::nullopt;
    probes.push_back(*probe);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return probes;
}

}  // namespace iprobe
