#include "scenarios/hermitux/hermitux_check.hpp"

#include <cstdlib>
#include <stdexcept>

#include "scenarios/hermitux/hermitux_guest.hpp"

namespace iprobe {

HermituxFacts read_hermitux_facts(const RunOptions& o) {
  HermituxFacts facts;
  const char* env = std::getenv("HERMITUX_PREFIX");
  facts.prefix_given = !o.hermitux_prefix.empty() || (env != nullptr && *env != '\0') ||
                       (!o.hermitux_proxy.empty() && !o.hermitux_kernel.empty());
  if (!facts.prefix_given) return facts;
  try {
    find_hermitux(o);
  } catch (const std::runtime_error& e) {
    facts.install_problem = e.what();
  }
  try {
    check_kvm_usable(o.kvm_device);
  } catch (const std::runtime_error& e) {
    facts.kvm_problem = e.what();
  }
  return facts;
}

std::string hermitux_unavailable(const HermituxFacts& f) {
  if (!f.prefix_given) return "no HermiTux prefix (give --hermitux-prefix or set HERMITUX_PREFIX)";
  if (!f.install_problem.empty()) return "HermiTux unusable: " + f.install_problem;
  if (!f.kvm_problem.empty()) return "no KVM for uhyve: " + f.kvm_problem;
  return "";
}

}  // namespace iprobe
