// The kind's CSV files (pairs.csv, runs.csv).
#include "export/exporters.hpp"
#include "util/file_util.hpp"

namespace iprobe {

void export_csv(const Results& results, const ExportTarget& target, OutputReport& report) {
  for (const CsvFile& csv : results.kind->csv_files()) {
    const std::filesystem::path path = target.dir / csv.name;
    write_output_file(path, csv.what, csv.write);
    report.written.push_back(path);
  }
}

}  // namespace iprobe
