// Whether the hermitux scenario can run here, and if not, why: a HermiTux installation
// (--hermitux-prefix or HERMITUX_PREFIX) and a KVM device uhyve can open. Read once
// (read_hermitux_facts), judged by a pure function (hermitux_unavailable) that tests feed fakes.
#pragma once

#include <string>

#include "scenarios/common/run_options.hpp"

namespace iprobe {

struct HermituxFacts {
  bool prefix_given = false;    // --hermitux-prefix, --hermitux-proxy/-kernel or HERMITUX_PREFIX
  std::string install_problem;  // why the installation is unusable, "" when it is usable
  std::string kvm_problem;      // why uhyve cannot open the KVM device, "" when it can
};

HermituxFacts read_hermitux_facts(const RunOptions& options);

// "" when hermitux can run, else one line saying why not.
std::string hermitux_unavailable(const HermituxFacts& facts);

}  // namespace iprobe
