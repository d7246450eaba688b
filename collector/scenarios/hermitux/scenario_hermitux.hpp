// Folder scenarios/hermitux/: the HermiTux scenario: finding the installation, running one
// application under uhyve (hermitux_guest), splitting its output into logs (hermitux_output) and
// rewriting the loops' syscalls into function calls (hermitux_rewrite).
//
// `--scenario hermitux`: the benchmarks as a HermiTux application under uhyve (KVM), with the
// kernel side measured by kernel/hermitux-ioctl-probe's patch.
#pragma once

#include "report/report_pipeline.hpp"
#include "report/roundtrip.hpp"
#include "scenarios/common/run_options.hpp"

namespace iprobe {

// MB2 (entry latency). Runs one guest (or, with --replay, re-reads the raw/ folder of an
// earlier one), keeps DIR/raw/guest-stdout.log, guest-stderr.log and guest-run.json, splits the
// probe's dump (buffer mode) or extracts uhyve's kernel-log dump (printk mode) and returns the
// capture, paired and reported like the Linux scenarios'. Throws std::runtime_error with one line
// that says what to do when the installation, KVM, the probe or the guest fails.
ReportInputs capture_hermitux_entry(const RunOptions& options);

// MB1 (round trip): every variant (default freestanding) runs --runs times, one guest each,
// calling the probe's do-nothing ioctl (IOPROBE_HX_NULL).
RoundtripReportInputs capture_hermitux_roundtrip(const RunOptions& options);

}  // namespace iprobe
