#include "scenarios/common/finish_run.hpp"

#include "report/json_file.hpp"
#include "report/run_record.hpp"
#include "scenarios/common/interrupt.hpp"
#include "util/file_util.hpp"

namespace fs = std::filesystem;

namespace iprobe {

int finish_entry_run(ReportInputs capture, const RunOptions& o) {
  capture.output_dir = o.output_dir;
  capture.print_table = !o.quiet;
  capture.plots = !o.in_guest;
  fs::create_directories(o.output_dir / "raw");
  write_json_file(o.output_dir / "raw" / kRunRecordFile, "run record", entry_record_json(capture));
  if (!interrupted()) return o.in_guest ? 0 : write_report(capture);
  // Interrupted: still a summary, marked incomplete (the capture says why), exit 128 + signal.
  try {
    if (!o.in_guest) write_report(capture);
  } catch (const std::exception&) {  // e.g. the loop was stopped before it printed anything
    write_text_file(o.output_dir / "summary.json",
                    "{\"incomplete\": true, \"error\": \"no report: the run was interrupted "
                    "before it produced usable logs\"}\n");
  }
  return 128 + interrupt_signal();
}

int finish_roundtrip_run(RoundtripReportInputs capture, const RunOptions& o) {
  capture.output_dir = o.output_dir;
  capture.print_table = !o.quiet;
  capture.plots = !o.in_guest;
  fs::create_directories(o.output_dir / "raw");
  write_json_file(o.output_dir / "raw" / kRunRecordFile, "run record",
                  roundtrip_record_json(capture));
  return o.in_guest ? 0 : write_roundtrip_report(capture);
}

}  // namespace iprobe
