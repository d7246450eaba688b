// What a HermiTux guest run leaves behind, taken apart: proxy's stdout (the application's
// output, which in buffer mode also carries the probe's dump written by FLUSH) and stderr
// (uhyve's messages and, with HERMIT_VERBOSE=1, the guest kernel log dumped at exit).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace iprobe {

// HermiTux's kernel log is a ring of KMSG_SIZE bytes (include/hermit/stddef.h) that uhyve
// prints from index 0 as one C string. Once it has wrapped, that string is exactly this long,
// starts with the newest text and ends with the start of a line that was overwritten.
inline constexpr std::size_t kHermituxKlogSize = 0x4000;

struct UhyveKernelLog {
  bool found = false;                     // stderr holds uhyve's "Dump kernel log:" section
  bool wrapped = false;                   // the ring was full: older messages are gone
  std::string text;                       // the log, without a partial last line when wrapped
  std::size_t dropped_partial_lines = 0;  // cut lines removed (0 or 1)
};

// Extracts the kernel log from proxy's stderr. When the ring has wrapped, the last line is the
// head of a message whose tail was overwritten: it is removed (a cut stamp line could still
// parse, with a truncated TSC) and counted.
UhyveKernelLog extract_uhyve_kernel_log(std::string_view stderr_text);

struct SplitStdout {
  std::string user;    // the loop's own lines and anything else the application printed
  std::string kernel;  // the probe's dump: "ioprobe k ..." and "ioprobe dump-..." lines
  std::size_t kernel_lines = 0;
};

// Separates the probe's dump (written by the kernel to the application's stdout) from the
// loop's lines, keeping the order within each part.
SplitStdout split_guest_stdout(std::string_view stdout_text);

// The last `lines` non-empty lines of `text`, joined with " | ", for one-line error messages.
std::string output_tail(std::string_view text, std::size_t lines);

struct GuestOutcome {
  int exit_code = 0;
  bool timed_out = false;
  int timeout_seconds = 0;
  int vcpu_threads_pinned = 0;    // uhyve threads of vCPU 1.. moved to their own host CPUs
  int vcpu_threads_unpinned = 0;  // ... that could not be moved
};

// Why a guest run gave no usable result, as one line that says what to do; nullopt when the
// loop completed (its `ioprobe total` line is in stdout and the guest exited 0).
std::optional<std::string> diagnose_hermitux_run(const GuestOutcome& outcome,
                                                 std::string_view stdout_text,
                                                 std::string_view stderr_text);

}  // namespace iprobe
