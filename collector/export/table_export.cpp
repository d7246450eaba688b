// The console table.
#include "export/exporters.hpp"
#include "results/header_table.hpp"

namespace iprobe {

void export_table(const Results& results, const ExportTarget& target, OutputReport& /*report*/) {
  results.kind->print_table(target.out, results.header);
  print_header_facts(target.out, results.header);
}

}  // namespace iprobe
