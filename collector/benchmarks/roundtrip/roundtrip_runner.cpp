#include "benchmarks/roundtrip/roundtrip_runner.hpp"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>

#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "logs/stamp_line.hpp"
#include "scenarios/common/interrupt.hpp"
#include "util/file_util.hpp"
#include "util/run_id.hpp"
#include "util/text_format.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

// The loops' --cmd: hex digits without a prefix (every loop parses it so).
std::string loop_cmd_arg(uint32_t cmd) { return cmd_hex(cmd).substr(2); }

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

std::unique_ptr<RoundtripCapture> run_roundtrip(const RunOptions& o,
                                                const VariantPrograms& programs, RoundtripPlan plan,
                                                const RoundtripLauncher& launch) {
  const fs::path raw = o.output_dir / "raw";
  fs::create_directories(raw);
  const uint32_t base_id = o.run_id ? *o.run_id : random_run_id();
  const auto t0 = std::chrono::steady_clock::now();

  auto capture = std::make_unique<RoundtripCapture>();
  RoundtripCapture& report = *capture;
  report.scenario = plan.scenario;
  report.iterations = o.iterations;
  report.warmup = o.warmup;
  report.runs = o.runs;
  report.call = plan.call;
  report.subtract_floor = o.subtract_floor;
  report.outlier_factor = o.outlier_factor;
  report.missing_variants = programs.missing;
  report.warnings = programs.warnings;
  report.warnings.insert(report.warnings.end(), plan.warnings.begin(), plan.warnings.end());
  for (const auto& [name, program] : programs.present)
    report.variants.emplace_back(name, program.string());

  if (!o.quiet)
    std::cerr << "collector: round trip (" << plan.scenario << "): " << programs.present.size()
              << " variant(s) x " << o.runs << " run(s) of " << o.iterations << " calls (+"
              << o.warmup << " warm-up) on CPU " << plan.loop_cpu << "\n";
  uint32_t sequence = 0;
  for (uint32_t run = 1; run <= o.runs; ++run) {
    for (const auto& [name, program] : programs.present) {
      // Distinct, non-zero run ids for every process of this invocation.
      uint32_t id = base_id + sequence++;
      if (id == 0) id = base_id + sequence++;
      const fs::path log = roundtrip_log_path(raw, name, run);
      fs::path err = log;
      err.replace_extension(".err");
      std::vector<std::string> args{"--iterations", std::to_string(o.iterations),
                                    "--warmup",     std::to_string(o.warmup),
                                    "--cpu",        std::to_string(plan.loop_cpu),
                                    "--run-id",     run_hex(id),
                                    "--device",     plan.call.device,
                                    "--cmd",        loop_cmd_arg(plan.call.cmd)};
      args.insert(args.end(), plan.extra_args.begin(), plan.extra_args.end());
      const LaunchResult result = launch(program, args, log, err);
      if (interrupted()) throw std::runtime_error("interrupted: nothing reported");
      const std::string why =
          result.message.empty() ? first_line(read_text_file(err, 4096)) : result.message;
      if (result.status == 2)
        throw std::runtime_error(program.string() + " refused its arguments: " + why +
                                 " (rebuild build/bin so collector and loops match)");
      if (result.status != 0)
        report.warnings.push_back("variant " + name + " run " + std::to_string(run) +
                                  " exited with status " + std::to_string(result.status) + ": " +
                                  why);
      if (!o.quiet) {
        const RoundtripRunResult parsed =
            parse_roundtrip_output(name, run, read_text_file(log, 1 << 20), o.subtract_floor);
        std::cerr << "  run " << run << "/" << o.runs << " " << name << ": "
                  << (parsed.usable() ? fixed(parsed.cycles_per_call) + " cycles/call"
                                      : parsed.failure)
                  << "\n";
      }
    }
  }

  report.environment = std::move(plan.environment);
  report.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return capture;
}

}  // namespace iprobe
