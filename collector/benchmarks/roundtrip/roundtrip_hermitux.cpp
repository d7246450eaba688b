// The round-trip benchmark under --scenario hermitux: one guest under uhyve per run of each
// variant (rewritten by syscall-rewriter with --rewrite), calling the probe's do-nothing ioctl.
#include <ioctl_probe/ioctl_probe.h>

#include <iostream>
#include <sstream>

#include "benchmarks/roundtrip/roundtrip_runner.hpp"
#include "benchmarks/roundtrip/roundtrip_runners.hpp"
#include "env/environment.hpp"
#include "scenarios/hermitux/hermitux_guest.hpp"
#include "scenarios/hermitux/hermitux_rewrite.hpp"
#include "util/file_util.hpp"

namespace fs = std::filesystem;

namespace iprobe {

std::unique_ptr<Capture> capture_roundtrip_hermitux(const RunOptions& o) {
  const HermituxInstall install = find_hermitux(o);
  check_kvm_usable(o.kvm_device);
  LoopPrograms programs = find_variant_programs(o);
  RoundtripPlan plan;
  plan.scenario = hermitux_results_scenario(o);
  if (o.rewrite) {
    const fs::path rewriter = find_sibling_program("syscall-rewriter", {});
    for (auto& [variant, program] : programs.present) {
      const RewrittenProgram rewritten = rewrite_for_hermitux(rewriter, program, install.kernel,
                                                              o.output_dir / "raw" / "rewritten");
      if (!o.quiet) std::cerr << "collector: " << variant << ": " << rewritten.how << "\n";
      program = rewritten.program;
    }
  }
  plan.loop_cpu = o.cpu >= 0 ? o.cpu : 0;
  // The probe's do-nothing ioctl: HermiTux's sys_ioctl logs every unknown command.
  std::ostringstream cmd;
  cmd << std::hex << static_cast<unsigned int>(IOPROBE_HX_NULL);
  plan.extra_args = {"--cmd", cmd.str()};
  const HermituxGuestSettings settings = hermitux_guest_settings(o, o.iterations + o.warmup);
  plan.environment = probe_environment("/", settings.host_cpu);
  plan.environment.vcpu_host_cpus = placement_record(settings.vcpus);
  // Which HermiTux ran is part of the result: recorded with the environment.
  plan.environment.accel = "kvm (uhyve: " + install.proxy.string() + ", kernel " +
                           install.kernel.string() + ", HERMIT_MEM=" + settings.memory + ")";
  auto launch = [&](const fs::path& program, const std::vector<std::string>& args,
                    const fs::path& log, const fs::path& err) {
    const GuestOutcome outcome = run_hermitux_guest(install, settings, program, args, log, err);
    const std::string out = read_text_file(log, 1 << 20);
    const std::string errors = read_text_file(err, 1 << 20);
    if (auto problem = diagnose_hermitux_run(outcome, out, errors))
      return LaunchResult{outcome.exit_code == 0 ? 1 : outcome.exit_code, *problem};
    return LaunchResult{0, ""};
  };
  return run_roundtrip(o, programs, std::move(plan), launch);
}

}  // namespace iprobe
