#include "report/report_pipeline.hpp"

#include <iostream>

#include "env/environment.hpp"
#include "logs/stamp_line.hpp"
#include "pair/pairing.hpp"
#include "pair/pairing_warnings.hpp"
#include "plot/plot_draw.hpp"
#include "report/report_output.hpp"
#include "util/text_format.hpp"

namespace fs = std::filesystem;

namespace iprobe {

std::vector<Probe> probe_sources(std::string_view probe) {
  std::vector<Probe> sources;
  while (!probe.empty()) {
    const std::size_t comma = probe.find(',');
    if (const std::optional<Probe> source = value_in(kProbeNames, probe.substr(0, comma))) {
      sources.push_back(*source);
    }
    probe = comma == std::string_view::npos ? std::string_view{} : probe.substr(comma + 1);
  }
  return sources;
}

int write_report(const ReportInputs& in) {
  PairingOptions options;
  options.run = in.run_id;
  options.sources = probe_sources(in.probe);
  const std::optional<LogFormat> format = format_from_name(in.kernel_format);
  if (!format) throw std::invalid_argument("unknown log format '" + in.kernel_format + "'");
  options.kernel_format = *format;
  PairingResult result = pair_files(in.user_logs, in.kernel_logs, options);

  Summary s = summarize(result);
  s.scenario = in.scenario;
  s.probe = in.probe;
  s.mode = in.mode;
  s.loop = in.loop;
  for (const auto& kv : in.extra) s.extra.push_back(kv);
  s.environment = in.environment;
  std::vector<std::string> warnings = in.warnings;
  for (auto& w : environment_warnings(in.environment)) warnings.push_back(std::move(w));
  for (auto& w : s.warnings) warnings.push_back(std::move(w));
  s.warnings = std::move(warnings);
  s.extra.emplace_back("kmsg_epipe", std::to_string(in.kmsg_epipe));
  s.extra.emplace_back("kmsg_drain_seq_gap", std::to_string(in.kmsg_seq_gap));
  // "user:user.log=dmesg kernel:kmsg.log=kmsg": the form each log was read as.
  std::string formats;
  for (const LogFormatUsed& used : result.log_formats) {
    if (!formats.empty()) formats += ' ';
    formats += used.role + ":" + fs::path(used.name).filename().string() + "=" +
               std::string(format_name(used.format));
  }
  s.extra.emplace_back("log_formats", formats);
  if (in.wall_seconds) s.extra.emplace_back("wall_seconds", fixed(*in.wall_seconds, 2));

  fs::create_directories(in.output_dir);
  write_summary_json(in.output_dir / "summary.json", s);
  PairsCsv csv{"kernel", result.pairs, result.extra_probes};
  if (result.source) csv.primary = name(*result.source);
  write_pairs_csv(in.output_dir / "pairs.csv", csv);
  if (in.plots) draw_plots(in.output_dir, !in.print_table);
  if (in.print_table) {
    print_summary_table(std::cout, s);
    std::cout << "results: " << in.output_dir.string() << "/{summary.json,pairs.csv,raw/}\n";
  }
  if (in.strict) {
    if (const std::optional<std::string> why = strict_violation(result)) {
      std::cerr << "collector: strict: " << *why << "\n";
      return 3;
    }
  }
  return 0;
}

}  // namespace iprobe
