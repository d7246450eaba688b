#include "report/report_pipeline.hpp"

#include <iostream>

#include "env/environment.hpp"
#include "pair/pairing.hpp"
#include "pair/pairing_warnings.hpp"
#include "plot/plot_draw.hpp"
#include "report/report_output.hpp"
#include "util/text_format.hpp"

namespace fs = std::filesystem;

namespace iprobe {

int write_report(const ReportInputs& in) {
  PairingOptions options;
  options.run = in.run_id;
  if (in.probe == "module") options.sources = {Source::kModule};
  if (in.probe == "patch") options.sources = {Source::kPatch};
  if (in.probe == "hermitux") options.sources = {Source::kHermitux};
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
  write_pairs_csv(in.output_dir / "pairs.csv", result.pairs);
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
