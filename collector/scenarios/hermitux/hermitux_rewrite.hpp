// Scenarios 3 and 4 in HermiTux: a loop program rewritten by build/bin/syscall-rewriter so that
// its ioctl reaches the kernel image's sys_ioctl as a function call.
#pragma once

#include <filesystem>
#include <string>

namespace iprobe {

struct RewrittenProgram {
  std::filesystem::path program;  // the rewritten copy
  std::filesystem::path report;   // syscall-rewriter's --json report
  std::string how;                // "kernel:sys_ioctl via trampoline" / "pointer bound to ..."
};

// Rewrites `program` into `dir` for the HermiTux kernel image `kernel`:
//   - roundtrip-loop-fncall-bound: its function pointer roundtrip_bound_ioctl is bound to
//     sys_ioctl (--bind);
//   - any other loop: every ioctl `syscall` site (number 16) becomes a jump to a trampoline that
//     calls sys_ioctl (--target kernel:IMAGE --only-nr 16).
// Then `syscall-rewriter --check-image` confirms the output was bound to this very image.
// `rewriter` is the syscall-rewriter program. Throws std::runtime_error with the tool's message.
RewrittenProgram rewrite_for_hermitux(const std::filesystem::path& rewriter,
                                      const std::filesystem::path& program,
                                      const std::filesystem::path& kernel,
                                      const std::filesystem::path& dir);

}  // namespace iprobe
