// Caveats derived from a probed environment, printed next to the results.
#include <algorithm>

#include "env/environment.hpp"

namespace iprobe {

bool kvm_emulates_ring0(const Environment& env) {
  return env.accel.starts_with("kvm") && env.host_kvm == "kvm_pvm";
}

std::vector<std::string> environment_warnings(const Environment& env) {
  std::vector<std::string> out;
  auto has = [&](std::string_view flag) {
    return std::find(env.tsc_flags.begin(), env.tsc_flags.end(), flag) != env.tsc_flags.end();
  };
  if (env.cpu_model.empty() && env.tsc_flags.empty()) {
    out.emplace_back("CPU flags unknown: TSC invariance not verified");
  } else if (!has("constant_tsc") || !has("nonstop_tsc")) {
    out.emplace_back("no invariant TSC (constant_tsc/nonstop_tsc missing)");
  }
  if (!env.hypervisor.empty()) {
    std::string what = env.hypervisor;
    if (!env.hypervisor_signature.empty() && env.hypervisor_signature != env.hypervisor) {
      what += ", CPUID signature \"" + env.hypervisor_signature + "\"";
    }
    if (!env.accel.empty()) what += ", accel " + env.accel;
    out.push_back("running under a hypervisor (" + what +
                  "): VM exits and host scheduling can inflate cycle counts");
  }
  if (tcg_accel(env) || env.hypervisor == "tcg" || env.hypervisor_signature == "TCGTCGTCGTCG") {
    out.emplace_back("QEMU TCG emulation: cycles are emulation cycles, not hardware cycles");
  }
  if (kvm_emulates_ring0(env)) {
    out.emplace_back(
        "KVM on this host is kvm_pvm, which runs the guest's ring 0 deprivileged and emulates "
        "it: the guest's cycles (its system calls, HermiTux's ring 0) are emulated cycles, not "
        "hardware cycles");
  }
  return out;
}

bool tcg_accel(const Environment& environment) { return environment.accel == name(Accel::kTcg); }

}  // namespace iprobe
