#include "benchmarks/loop_runs/loop_runner.hpp"

#include <stdexcept>

#include "benchmarks/loop_argv.hpp"
#include "benchmarks/loop_runs/loop_run.hpp"
#include "scenarios/common/child_process.hpp"
#include "scenarios/common/interrupt.hpp"
#include "scenarios/linux/tracepoint_capture.hpp"
#include "util/file_util.hpp"
#include "util/run_id.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.empty() ? "no message" : line;
}

}  // namespace

void run_loop_jobs(const RunOptions& o, std::span<const LoopJob> jobs, const LoopSchedule& schedule,
                   const LoopLauncher& launch) {
  const fs::path raw = o.output_dir / "raw";
  fs::create_directories(raw);
  const uint32_t base_id = o.run_id ? *o.run_id : random_run_id();
  uint32_t sequence = 0;
  for (uint32_t run = 1; run <= o.runs; ++run) {
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      if (schedule.wanted && !schedule.wanted(j)) continue;
      const LoopJob& job = jobs[j];
      // Distinct, non-zero run ids for every process of this invocation.
      uint32_t id = base_id + sequence++;
      if (id == 0) id = base_id + sequence++;
      const fs::path log = loop_log_path(raw, job.name, run);
      fs::path err = log;
      err.replace_extension(".err");
      std::vector<std::string> own = schedule.extra_args;
      own.insert(own.end(), job.args.begin(), job.args.end());
      const LoopCall call{schedule.loop_cpu, id, std::move(own), std::nullopt};
      const LaunchResult result = launch(job.program, loop_argv(o, call), log, err);
      if (interrupted()) throw std::runtime_error("interrupted: nothing reported");
      const std::string why =
          result.message.empty() ? first_line(read_text_file(err, 4096)) : result.message;
      if (result.status == 2 && result.signal == 0)
        throw std::runtime_error(job.program.string() + " refused its arguments: " + why +
                                 " (rebuild build/bin so collector and loops match)");
      if (schedule.after_run &&
          !schedule.after_run(LoopOutcome{j, run, result.status, result.signal, why, log}))
        return;
    }
  }
}

void mark_killed_loop(Capture& capture, const std::string& which, const LoopOutcome& outcome) {
  capture.facts.incomplete = which + ": the loop " + outcome.why +
                             "; the runs after it were not started: the results are partial";
  capture.warnings.push_back(*capture.facts.incomplete);
}

void sweep_before_loops(std::optional<StaleInstances>& stale, std::vector<std::string>& warnings) {
  if (std::optional<StaleSweep> sweep = sweep_stale_trace_instances()) {
    stale = std::move(sweep->stale);
    warnings.insert(warnings.end(), sweep->warnings.begin(), sweep->warnings.end());
  }
}

LaunchResult launch_linux_loop(const fs::path& program, const std::vector<std::string>& args,
                               const fs::path& log, const fs::path& err) {
  ChildSpec spec;
  spec.program = program;
  spec.args = args;
  spec.stdout_file = log;
  spec.stderr_file = err;
  spec.poll_interval = std::chrono::milliseconds(5);
  const ChildResult ended = run_child(spec);
  // A loop killed by a signal says so; one that exited explains itself on its stderr.
  return LaunchResult{ended.exit_code, ended.signal != 0 ? describe_end(ended) : "", ended.signal};
}

}  // namespace iprobe
