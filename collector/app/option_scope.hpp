// Which options a scenario or a benchmark kind uses. An option outside them would be
// accepted and silently ignored; the command line is refused instead, naming where it applies.
#pragma once

#include <boost/program_options.hpp>
#include <vector>

#include "util/enums.hpp"

namespace iprobe {

// Throws std::invalid_argument for the first option given (not defaulted) that the benchmark
// kind or the scenario does not use.
void check_benchmark_options(const boost::program_options::variables_map& vm, Benchmark benchmark);
void check_scenario_options(const boost::program_options::variables_map& vm, ScenarioId scenario);
// --mode with the tracepoint probe alone (its stamps go to the trace ring, whatever the mode).
void check_probe_options(const boost::program_options::variables_map& vm,
                         const std::vector<Probe>& probes);

}  // namespace iprobe
