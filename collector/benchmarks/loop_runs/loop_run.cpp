#include "benchmarks/loop_runs/loop_run.hpp"

#include "logs/stamp_line.hpp"

namespace fs = std::filesystem;

namespace iprobe {

fs::path loop_log_path(const fs::path& raw_dir, std::string_view name, uint32_t run) {
  return raw_dir / (std::string(name) + "-" + std::to_string(run) + ".log");
}

LoopRun parse_loop_output(std::string_view name, uint32_t run, std::string_view text,
                          bool subtract_floor) {
  LoopRun r;
  r.name = name;
  r.run = run;
  // Lines of the current (last seen) run header; a new header starts over.
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const ParsedLine parsed = parse_line(text.substr(start, end - start));
    start = end + 1;
    if (const auto* header = std::get_if<RunHeader>(&parsed)) {
      r.header = *header;
      r.floor.reset();
      r.total.reset();
    } else if (const auto* floor = std::get_if<TscFloor>(&parsed)) {
      if (r.header) r.floor = *floor;
    } else if (const auto* total = std::get_if<LoopTotal>(&parsed)) {
      if (r.header && total->run == r.header->run) r.total = *total;
    } else if (std::holds_alternative<Malformed>(parsed)) {
      ++r.rejected;
    }
  }
  if (!r.header) {
    r.failure = "no \"ioprobe run\" line in the output";
  } else if (!r.total) {
    r.failure = "no \"ioprobe total\" line for run " + run_hex(r.header->run);
  } else if (r.total->calls == 0) {
    r.failure = "the loop total counts 0 calls";
  } else if (subtract_floor && !r.floor) {
    r.failure = "no \"ioprobe floor\" line, so --subtract-floor cannot apply";
  } else {
    uint64_t cycles = r.total->cycles;
    if (subtract_floor) cycles = cycles > r.floor->min ? cycles - r.floor->min : 0;
    r.cycles_per_call = static_cast<double>(cycles) / static_cast<double>(r.total->calls);
  }
  return r;
}

std::optional<double> floor_subtracted_cycles_per_call(const LoopRun& r) {
  if (!r.usable() || !r.total || !r.floor || r.total->calls == 0) return std::nullopt;
  const uint64_t cycles = r.total->cycles > r.floor->min ? r.total->cycles - r.floor->min : 0;
  return static_cast<double>(cycles) / static_cast<double>(r.total->calls);
}

}  // namespace iprobe
