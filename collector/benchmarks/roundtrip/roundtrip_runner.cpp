#include "benchmarks/roundtrip/roundtrip_runner.hpp"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>

#include "benchmarks/loop_argv.hpp"
#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "logs/stamp_line.hpp"
#include "scenarios/common/interrupt.hpp"
#include "util/file_util.hpp"
#include "util/run_id.hpp"
#include "util/text_format.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.empty() ? "no message" : line;
}

}  // namespace

VariantPrograms find_variant_programs(const RunOptions& o) {
  // Without --variant-dir: where the first variant's program is (build/bin/ or libexec).
  const fs::path dir = !o.variant_dir.empty() || o.variants.empty()
                           ? o.variant_dir
                           : find_program_dir(roundtrip_binary_name(o.variants.front()));
  VariantPrograms found;
  for (const std::string& name : o.variants) {
    const fs::path program = dir / roundtrip_binary_name(name);
    if (::access(program.c_str(), X_OK) == 0) {
      found.present.emplace_back(name, program);
      continue;
    }
    const std::string hint = name == "libc-musl"
                                 ? "install musl-tools (musl-gcc) and rebuild"
                                 : "build it (cmake --build BUILD) or pass --variant-dir";
    if (o.variants_explicit)
      throw std::runtime_error("variant " + name + ": " + program.string() +
                               " is missing or not executable: " + hint);
    found.missing.push_back(name);
    found.warnings.push_back("variant " + name + " skipped: " + program.string() + " is missing (" +
                             hint + ")");
  }
  if (found.present.empty())
    throw std::runtime_error("no loop variant program found in " + dir.string() +
                             ": build the userspace-loop targets or pass --variant-dir");
  return found;
}

namespace {

// One process of one variant through `launch`; its failure becomes a warning, or, killed by a
// signal, the reason the capture is incomplete. Returns false when no further run should start.
bool launch_run(const RunOptions& o, const RoundtripPlan& plan, const RoundtripLauncher& launch,
                const std::pair<std::string, fs::path>& variant, uint32_t run, uint32_t id,
                RoundtripCapture& report) {
  const auto& [name, program] = variant;
  const fs::path log = roundtrip_log_path(o.output_dir / "raw", name, run);
  fs::path err = log;
  err.replace_extension(".err");
  const LaunchResult result =
      launch(program, loop_argv(o, {plan.loop_cpu, id, plan.extra_args}), log, err);
  if (interrupted()) throw std::runtime_error("interrupted: nothing reported");
  const std::string why =
      result.message.empty() ? first_line(read_text_file(err, 4096)) : result.message;
  if (result.status == 2 && result.signal == 0)
    throw std::runtime_error(program.string() + " refused its arguments: " + why +
                             " (rebuild build/bin so collector and loops match)");
  const std::string which = "variant " + name + " run " + std::to_string(run);
  if (result.signal != 0) {
    report.facts.incomplete = which + ": the loop " + why +
                              "; the runs after it were not started: the results are partial";
    report.warnings.push_back(*report.facts.incomplete);
    return false;
  }
  if (result.status != 0)
    report.warnings.push_back(which + " exited with status " + std::to_string(result.status) +
                              ": " + why);
  if (!o.quiet) {
    const RoundtripRunResult parsed =
        parse_roundtrip_output(name, run, read_text_file(log, 1 << 20), o.subtract_floor);
    std::cerr << "  run " << run << "/" << o.runs << " " << name << ": "
              << (parsed.usable() ? fixed(parsed.cycles_per_call) + " cycles/call" : parsed.failure)
              << "\n";
  }
  return true;
}

}  // namespace

std::unique_ptr<Capture> run_roundtrip(const RunOptions& o, const VariantPrograms& programs,
                                       RoundtripPlan plan, const RoundtripLauncher& launch) {
  fs::create_directories(o.output_dir / "raw");
  const uint32_t base_id = o.run_id ? *o.run_id : random_run_id();
  const auto t0 = std::chrono::steady_clock::now();

  auto capture = std::make_unique<RoundtripCapture>();
  RoundtripCapture& report = *capture;
  report.scenario = plan.scenario;
  report.iterations = o.iterations;
  report.warmup = o.warmup;
  report.runs = o.runs;
  report.cpu = plan.loop_cpu;
  report.subtract_floor = o.subtract_floor;
  report.outlier_factor = o.outlier_factor;
  report.missing_variants = programs.missing;
  report.warnings = programs.warnings;
  report.warnings.insert(report.warnings.end(), plan.warnings.begin(), plan.warnings.end());
  report.facts.stale_trace_instances = plan.stale_trace_instances;
  for (const auto& [name, program] : programs.present)
    report.variants.emplace_back(name, program.string());

  if (!o.quiet)
    std::cerr << "collector: round trip (" << plan.scenario << "): " << programs.present.size()
              << " variant(s) x " << o.runs << " run(s) of " << o.iterations << " calls (+"
              << o.warmup << " warm-up) on CPU " << plan.loop_cpu << "\n";
  uint32_t sequence = 0;
  bool go_on = true;
  for (uint32_t run = 1; run <= o.runs && go_on; ++run) {
    for (const auto& variant : programs.present) {
      // Distinct, non-zero run ids for every process of this invocation.
      uint32_t id = base_id + sequence++;
      if (id == 0) id = base_id + sequence++;
      go_on = launch_run(o, plan, launch, variant, run, id, report);
      if (!go_on) break;
    }
  }

  report.environment = std::move(plan.environment);
  report.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return capture;
}

}  // namespace iprobe
