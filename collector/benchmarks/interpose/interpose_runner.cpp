#include "benchmarks/interpose/interpose_runner.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <set>

#include "benchmarks/interpose/interpose_capture.hpp"
#include "benchmarks/interpose/interpose_results.hpp"
#include "util/file_util.hpp"
#include "util/text_format.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

// One progress line of a process: its cycles per call and per-call p50, or why it is unusable.
std::string progress_line(const InterposeRun& r) {
  if (!r.pass.usable()) return r.pass.failure;
  return fixed(r.pass.cycles_per_call) + " cycles/call, per call p50 " +
         std::to_string(r.percall->p50);
}

}  // namespace

LoopPrograms find_mechanism_programs(const RunOptions& o) {
  LoopProgramSearch search;
  search.names = o.mechanisms;
  search.program = [](const std::string& name) { return interpose_program_name(name); };
  search.hint = [](const std::string&) -> std::string {
    return "build it (cmake --build BUILD --target interpose-loop-all)";
  };
  search.dir = o.variant_dir;
  search.names_explicit = o.mechanisms_explicit;
  search.what = "mechanism";
  return find_loop_programs(search);
}

std::unique_ptr<Capture> run_interpose(const RunOptions& o, const LoopPrograms& programs,
                                       InterposePlan plan, const LoopLauncher& launch) {
  const auto t0 = std::chrono::steady_clock::now();
  auto capture = std::make_unique<InterposeCapture>();
  InterposeCapture& report = *capture;
  report.start(o, plan, programs);
  report.supervisor_cpu = plan.supervisor_cpu;
  report.calls = o.interpose_calls;
  std::vector<LoopJob> jobs;
  std::vector<std::string> job_mechanism;
  for (const auto& [name, program] : programs.present) {
    for (const std::string& call : o.interpose_calls) {
      jobs.push_back(LoopJob{
          interpose_series_name(name, call), program, {"--mechanism", name, "--call", call}});
      job_mechanism.push_back(name);
    }
  }
  if (!o.quiet)
    std::cerr << "collector: interposition (" << plan.scenario << "): " << programs.present.size()
              << " mechanism(s) x " << o.interpose_calls.size() << " call(s) x " << o.runs
              << " run(s) of " << o.iterations << " calls (+" << o.warmup << " warm-up) and "
              << std::min<uint64_t>(o.iterations, kInterposeMaxPercall) << " stamped calls, on CPU "
              << plan.loop_cpu << ", supervisors and tracers on CPU " << plan.supervisor_cpu
              << "\n";

  std::set<std::string> refused;
  LoopSchedule schedule{plan.loop_cpu, plan.extra_args, nullptr, nullptr};
  schedule.wanted = [&](std::size_t job) { return refused.count(job_mechanism[job]) == 0; };
  schedule.after_run = [&](const LoopOutcome& done) {
    const std::string& mechanism = job_mechanism[done.job];
    const std::string call = o.interpose_calls[done.job % o.interpose_calls.size()];
    const InterposeRun parsed =
        parse_interpose_output(mechanism, call, done.run, read_text_file(done.log, 1 << 20));
    const std::string which =
        "mechanism " + mechanism + " (" + call + ") run " + std::to_string(done.run);
    if (done.signal != 0) {
      mark_killed_loop(report, which, done);
      return false;
    }
    if (parsed.skipped) {
      refused.insert(mechanism);
      std::cerr << "collector: mechanism " << mechanism
                << " skipped: the kernel refuses it: " << *parsed.skipped << "\n";
      return true;
    }
    if (done.status != 0)
      report.warnings.push_back(which + " exited with status " + std::to_string(done.status) +
                                ": " + done.why);
    if (!o.quiet)
      std::cerr << "  run " << done.run << "/" << o.runs << " " << pad(mechanism, 19) << " "
                << pad(call, 5) << ": " << progress_line(parsed) << "\n";
    return true;
  };
  run_loop_jobs(o, jobs, schedule, launch);

  report.finish_runs(std::move(plan.environment), t0);
  return capture;
}

}  // namespace iprobe
