#include "export/exporters.hpp"

#include <array>
#include <stdexcept>

namespace iprobe {
namespace {

// The one list of outputs.
constexpr std::array kExporters{
    Exporter{Output::kSummaryJson, "summary.json", export_summary_json},
    Exporter{Output::kCsv, "csv", export_csv},
    Exporter{Output::kTable, "table", export_table},
    Exporter{Output::kPlots, "plots", export_plots},
    Exporter{Output::kHtml, "index.html", export_html},
};

}  // namespace

const Exporter& exporter(Output output) {
  for (const Exporter& e : kExporters)
    if (e.output == output) return e;
  throw std::logic_error("an output without its exporter");
}

OutputReport write_outputs(const Results& results, const ExportTarget& target,
                           const std::vector<Output>& outputs) {
  OutputReport report;
  for (const Output output : outputs) exporter(output).write(results, target, report);
  return report;
}

void print_plot_listing(std::ostream& out, const std::filesystem::path& dir,
                        const OutputReport& report, std::string_view data_note) {
  if (!report.written.empty()) {
    out << "plots:";
    for (const std::filesystem::path& file : report.written) out << ' ' << file.string();
    out << '\n';
    if (!data_note.empty()) out << data_note << ": " << (dir / "plot-data").string() << "/\n";
  }
  for (const std::string& note : report.notes) out << note << '\n';
}

}  // namespace iprobe
