#include "benchmarks/capture.hpp"

#include "env/environment.hpp"

namespace iprobe {

ResultsHeader Capture::results_header(Benchmark benchmark) const {
  ResultsHeader header;
  header.benchmark = benchmark;
  header.scenario = scenario;
  header.environment = environment;
  header.facts = facts;
  header.warnings = warnings;
  for (std::string& caveat : environment_warnings(environment))
    header.warnings.push_back(std::move(caveat));
  return header;
}

}  // namespace iprobe
