// The whole rewrite, in memory: analyse, plan, build, lay out, verify.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rewriter/elf_image.hpp"
#include "rewriter/report.hpp"
#include "rewriter/target.hpp"
#include "rewriter/trampoline_builder.hpp"

namespace sysrw {

struct RewriteOptions {
  TargetSpec target;
  std::vector<uint64_t> only_nr;           // empty: every number (and unknown ones)
  std::vector<uint64_t> only_addr;         // empty: every address
  std::vector<std::string> only_function;  // empty: every function (symbol names)
  bool preserve_flags = true;
  bool full_save = false;  // ignore what the callee analysis shows
  // Width of the callee's return value (32: sign-extend eax). Unset: 32 for
  // kernel:IMAGE with the default sys_ioctl (HermiTux: `int sys_ioctl`), else 64.
  std::optional<int> return_bits;
  // --bind: a function pointer of the binary set to a kernel image's function.
  // With a binding, an output is written even when no site is rewritten.
  std::optional<BindSpec> bind;
  // false: leave every syscall site alone (--bind without --target).
  bool rewrite_sites = true;
  // Test hook: runs on the output before verification (tests corrupt it to
  // show that the verifier notices).
  std::function<void(std::vector<uint8_t>&)> before_verify;
};

struct RewriteResult {
  std::vector<uint8_t> output;
  Report report;
};

// Throws InputError for inputs it refuses (dynamic, already rewritten, no
// syscall or nothing rewritable without --bind, ...) and VerifyError if its own
// output does not check out; never returns an unchecked binary.
RewriteResult rewrite(const ElfImage& input, const RewriteOptions& options);

// The rewriter's note of a binary ("" when it was not rewritten).
std::string rewrite_note(const ElfImage& image);

}  // namespace sysrw
