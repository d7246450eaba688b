#include "benchmarks/loop_argv.hpp"

#include "logs/stamp_line.hpp"
#include "scenarios/hermitux/hermitux_guest.hpp"

namespace iprobe {

std::optional<uint32_t> loop_floor_samples(const RunOptions& o) {
  if (o.scenario == ScenarioId::kHermitux) return hermitux_floor_samples(o);
  if (o.floor_samples > 0) return o.floor_samples;
  return std::nullopt;
}

std::vector<std::string> loop_argv(const RunOptions& o, const LoopCall& call) {
  std::vector<std::string> args{"--iterations", std::to_string(call.calls.value_or(o.iterations)),
                                "--warmup",     std::to_string(o.warmup),
                                "--cpu",        std::to_string(call.cpu),
                                "--run-id",     run_hex(call.run_id)};
  if (const std::optional<uint32_t> samples = loop_floor_samples(o))
    args.insert(args.end(), {"--floor-samples", std::to_string(*samples)});
  args.insert(args.end(), call.own.begin(), call.own.end());
  return args;
}

}  // namespace iprobe
