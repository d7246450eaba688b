#include "scenarios/hermitux/hermitux_klog_budget.hpp"

#include <x86intrin.h>

#include <string>

#include "scenarios/hermitux/hermitux_output.hpp"

namespace iprobe {
namespace {

// Measured with the freestanding loop, HERMIT_MEM=512M (patched hermitux-kernel ff53acc under
// uhyve): 4,160 bytes of boot messages and the loop's "sched_setaffinity: unsupported syscall"
// with one core, 4,676 with four, i.e. 172 per extra core.
constexpr uint64_t kBootBytesOneCore = 4160;
constexpr uint64_t kBootBytesPerExtraCore = 172;
// Other memory sizes and run times widen a few numbers in those lines.
constexpr uint64_t kMarginBytes = 512;

uint64_t digits(uint64_t v) { return std::to_string(v).size(); }

// "ioprobe k hermitux " + run (8 hex) + " " + seq + " " + cpu + (" " + tsc) per TSC + "\n"
uint64_t line_bytes_without_seq(const KlogBudget& b) {
  const uint64_t cpu_digits = digits(static_cast<uint64_t>(b.cpus > 1 ? b.cpus - 1 : 0));
  return std::string("ioprobe k hermitux ").size() + 8 + 1 + 1 + cpu_digits +
         static_cast<uint64_t>(b.tsc_per_line) * (1 + static_cast<uint64_t>(b.tsc_digits)) + 1;
}

}  // namespace

uint64_t klog_other_bytes(const KlogBudget& b) {
  const uint64_t extra = b.cpus > 1 ? static_cast<uint64_t>(b.cpus - 1) : 0;
  return kBootBytesOneCore + extra * kBootBytesPerExtraCore + kMarginBytes;
}

uint64_t klog_stamp_bytes(const KlogBudget& b, uint64_t stamps) {
  uint64_t total = stamps * line_bytes_without_seq(b);
  // seq digits: 10 numbers of one digit, 90 of two, 900 of three, ...
  for (uint64_t first = 0, width = 1, next = 10; first < stamps; first = next, next *= 10, ++width)
    total += width * ((stamps < next ? stamps : next) - first);
  return total;
}

uint64_t klog_max_stamps(const KlogBudget& b) {
  const uint64_t room = kHermituxKlogSize - 1;  // a full ring reads as wrapped
  const uint64_t other = klog_other_bytes(b);
  if (other >= room) return 0;
  uint64_t lo = 0, hi = room;  // no line is shorter than one byte
  while (lo < hi) {
    const uint64_t mid = (lo + hi + 1) / 2;
    if (other + klog_stamp_bytes(b, mid) <= room)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

int tsc_digits_for_run() {
  const uint64_t now = __rdtsc();
  // Twice now: a run of minutes never doubles a TSC that has counted for hours.
  return static_cast<int>(digits(now > UINT64_MAX / 2 ? UINT64_MAX : 2 * now));
}

}  // namespace iprobe
