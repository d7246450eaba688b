#include "benchmarks/roundtrip/roundtrip_runner.hpp"

#include <chrono>
#include <iostream>

#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "util/file_util.hpp"
#include "util/text_format.hpp"

namespace fs = std::filesystem;

namespace iprobe {

namespace {

// The loops' --cmd: hex digits without a prefix (every loop parses it so).
std::string loop_cmd_arg(uint32_t cmd) { return cmd_hex(cmd).substr(2); }

// What every loop of the plan is given after loop_argv's common arguments: the call, then the
// scenario's own.
std::vector<std::string> loop_own_args(const RoundtripPlan& plan) {
  std::vector<std::string> own{"--device", plan.call.device, "--cmd", loop_cmd_arg(plan.call.cmd)};
  own.insert(own.end(), plan.extra_args.begin(), plan.extra_args.end());
  return own;
}

}  // namespace

LoopPrograms find_variant_programs(const RunOptions& o) {
  LoopProgramSearch search;
  search.names = o.variants;
  search.program = [](const std::string& name) { return roundtrip_binary_name(name); };
  search.hint = [](const std::string& name) -> std::string {
    return name == "libc-musl" ? "install musl-tools (musl-gcc) and rebuild"
                               : "build it (cmake --build BUILD) or pass --variant-dir";
  };
  search.dir = o.variant_dir;
  search.names_explicit = o.variants_explicit;
  search.what = "variant";
  return find_loop_programs(search);
}

std::unique_ptr<RoundtripCapture> run_roundtrip(const RunOptions& o, const LoopPrograms& programs,
                                                RoundtripPlan plan, const LoopLauncher& launch) {
  const auto t0 = std::chrono::steady_clock::now();
  auto capture = std::make_unique<RoundtripCapture>();
  RoundtripCapture& report = *capture;
  report.start(o, plan, programs);
  report.call = plan.call;
  report.subtract_floor = o.subtract_floor;
  std::vector<LoopJob> jobs;
  for (const auto& [name, program] : programs.present) jobs.push_back(LoopJob{name, program, {}});

  if (!o.quiet)
    std::cerr << "collector: round trip (" << plan.scenario << "): " << programs.present.size()
              << " variant(s) x " << o.runs << " run(s) of " << o.iterations << " calls (+"
              << o.warmup << " warm-up) on CPU " << plan.loop_cpu << "\n";
  LoopSchedule schedule{plan.loop_cpu, loop_own_args(plan), nullptr, nullptr};
  schedule.after_run = [&](const LoopOutcome& done) {
    const std::string& name = jobs[done.job].name;
    const std::string which = "variant " + name + " run " + std::to_string(done.run);
    if (done.signal != 0) {
      mark_killed_loop(report, which, done);
      return false;
    }
    if (done.status != 0)
      report.warnings.push_back(which + " exited with status " + std::to_string(done.status) +
                                ": " + done.why);
    if (!o.quiet) {
      const LoopRun parsed =
          parse_loop_output(name, done.run, read_text_file(done.log, 1 << 20), o.subtract_floor);
      std::cerr << "  run " << done.run << "/" << o.runs << " " << name << ": "
                << (parsed.usable() ? fixed(parsed.cycles_per_call) + " cycles/call"
                                    : parsed.failure)
                << "\n";
    }
    return true;
  };
  run_loop_jobs(o, jobs, schedule, launch);

  report.finish_runs(std::move(plan.environment), t0);
  return capture;
}

}  // namespace iprobe
