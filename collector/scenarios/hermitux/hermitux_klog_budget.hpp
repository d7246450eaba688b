// printk mode in HermiTux: how many stamp lines fit in its 16 KiB kernel log next to what the
// kernel logs on every run anyway, so that a run that would lose stamps is refused up front.
#pragma once

#include <cstdint>

namespace iprobe {

struct KlogBudget {
  int cpus = 1;          // HERMIT_CPUS: every extra core logs its own boot lines
  int tsc_digits = 20;   // decimal digits of a guest TSC value during the run
  int tsc_per_line = 1;  // TSC values per stamp line (2 with the exit stamp, format 2)
};

// Bytes of HermiTux's kernel log that are not stamps: boot messages and the loop's unsupported
// system calls, measured on real runs, plus a margin.
uint64_t klog_other_bytes(const KlogBudget& b);

// Bytes of the `stamps` stamp lines of seq 0 .. stamps-1, exactly as the probe prints them.
uint64_t klog_stamp_bytes(const KlogBudget& b, uint64_t stamps);

// The largest number of measured calls whose stamps fit without the ring wrapping.
uint64_t klog_max_stamps(const KlogBudget& b);

// Decimal digits of a TSC value a little after now (read on this host, whose TSC the guest's
// follows under KVM), rounded up once more so that a run crossing a power of ten still fits.
int tsc_digits_for_run();

}  // namespace iprobe
