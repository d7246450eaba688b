#include "benchmarks/benchmark_table.hpp"

#include <array>
#include <stdexcept>

#include "benchmarks/entry/entry_results.hpp"
#include "benchmarks/entry/entry_runners.hpp"
#include "benchmarks/finish_run.hpp"
#include "benchmarks/interpose/interpose_results.hpp"
#include "benchmarks/interpose/interpose_runners.hpp"
#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "benchmarks/roundtrip/roundtrip_runners.hpp"
#include "results/header_json.hpp"

namespace iprobe {
namespace {

constexpr std::array kEntryRunners{
    ScenarioRunner{ScenarioId::kLinuxQemu, capture_entry_qemu},
    ScenarioRunner{ScenarioId::kLinux, capture_entry_linux},
    ScenarioRunner{ScenarioId::kHermitux, capture_entry_hermitux},
};
constexpr std::array<std::string_view, 5> kEntryOptions{"probe", "mode", "module", "loop",
                                                        "entry-variant"};

constexpr std::array kRoundtripRunners{
    ScenarioRunner{ScenarioId::kLinuxQemu, capture_roundtrip_qemu},
    ScenarioRunner{ScenarioId::kLinux, capture_roundtrip_linux},
    ScenarioRunner{ScenarioId::kHermitux, capture_roundtrip_hermitux},
};
constexpr std::array<std::string_view, 5> kRoundtripOptions{"variant", "runs", "subtract-floor",
                                                            "outlier-factor", "variant-dir"};

constexpr std::array kInterposeRunners{
    ScenarioRunner{ScenarioId::kLinuxQemu, capture_interpose_qemu},
    ScenarioRunner{ScenarioId::kLinux, capture_interpose_linux},
};
constexpr std::array<std::string_view, 5> kInterposeOptions{"mechanism", "call", "supervisor-cpu",
                                                            "runs", "outlier-factor"};

// One row per benchmark kind (see benchmark_table.hpp for what a new kind provides).
constexpr std::array kBenchmarkKinds{
    BenchmarkKind{Benchmark::kEntry, "entry latency", "", 10'000, kEntryRunners, kEntryOptions,
                  read_entry_results, entry_suite_steps},
    BenchmarkKind{Benchmark::kRoundtrip, "loop round trip per variant", "roundtrip-", 100'000,
                  kRoundtripRunners, kRoundtripOptions, read_roundtrip_results,
                  roundtrip_suite_steps},
    BenchmarkKind{Benchmark::kInterpose, "what each interposition mechanism adds to a call",
                  "interpose-", 20'000, kInterposeRunners, kInterposeOptions,
                  read_interpose_results, interpose_suite_steps},
};
static_assert(kBenchmarkKinds.size() == kBenchmarkNames.size(), "a benchmark without its row");

}  // namespace

std::span<const BenchmarkKind> benchmark_kinds() { return kBenchmarkKinds; }

const BenchmarkKind& benchmark_kind(Benchmark benchmark) {
  for (const BenchmarkKind& kind : kBenchmarkKinds)
    if (kind.benchmark == benchmark) return kind;
  throw std::logic_error("benchmark " + name(benchmark) + " has no row in the table");
}

int run_measurement(const RunOptions& o) {
  for (const ScenarioRunner& runner : benchmark_kind(o.benchmark).runners)
    if (runner.scenario == o.scenario) return finish_run(*runner.capture(o), o);
  throw std::invalid_argument("--benchmark " + name(o.benchmark) +
                              " does not run under --scenario " + name(o.scenario));
}

Results read_results(const nlohmann::ordered_json& summary, const std::filesystem::path& dir,
                     ReadDepth depth) {
  try {
    // Entry summaries predate the "benchmark" member.
    const std::string named = summary.value("benchmark", name(Benchmark::kEntry));
    const std::optional<Benchmark> benchmark = value_in(kBenchmarkNames, named);
    if (!benchmark)
      throw SummaryFormatError("benchmark '" + named + "' is not one this collector runs");
    Results results;
    results.header.benchmark = *benchmark;
    read_header_json(summary, results.header);
    results.kind = benchmark_kind(*benchmark).read(summary, dir, depth, results.header);
    return results;
  } catch (const nlohmann::json::exception& e) {
    throw SummaryFormatError(e.what());
  }
}

}  // namespace iprobe
