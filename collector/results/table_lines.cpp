#include "results/table_lines.hpp"

namespace iprobe {

void print_floor_line(std::ostream& out, const std::optional<TscFloor>& floor) {
  if (floor) {
    out << "TSC floor (cycles, one ordered read pair)  min " << floor->min << "  p50 " << floor->p50
        << "  samples " << floor->samples << '\n';
  } else {
    out << "TSC floor (cycles)  unknown\n";
  }
}

void print_environment_line(std::ostream& out, const Environment& e) {
  auto known = [](const std::string& t) { return t.empty() ? std::string("unknown") : t; };
  std::string flags;
  for (const std::string& flag : e.tsc_flags) flags += (flags.empty() ? "" : " ") + flag;
  out << "environment  kernel " << known(e.kernel) << "; " << known(e.cpu_model) << "; tsc "
      << (flags.empty() ? "no flags" : flags) << ", khz " << known(e.tsc_khz) << "; hypervisor "
      << (e.hypervisor.empty() ? "none" : e.hypervisor)
      << (e.accel.empty() ? "" : ", accel " + e.accel) << '\n';
  for (const auto& [name, line] : e.mitigations)
    if (line != "Not affected") out << "  " << name << ": " << line << '\n';
}

}  // namespace iprobe
