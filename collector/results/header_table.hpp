// The lines of the console table that every kind shares, printed after the kind's own: how the
// probe was chosen, what the tracepoints cost, what the run did to tracefs, and whether the
// results are incomplete.
#pragma once

#include <ostream>

#include "results/results.hpp"

namespace iprobe {

void print_header_facts(std::ostream& out, const ResultsHeader& header);

}  // namespace iprobe
