// Chooses, for one syscall site, the instructions the 5-byte `jmp` will
// displace, or refuses the site with a reason.
//
// Windows are tried in this order: the syscall and the instructions after it
// (at most 4 more); then 1, 2 or 3 instructions before it (e.g. the
// `mov $nr, %eax`) plus as few after as needed. A window is accepted when
//  - it is at least 5 bytes and lies in one contiguous run of decoded code,
//  - no known branch target lies inside it (its first byte may be one),
//  - no function boundary lies inside it,
//  - no instruction in it but the last stops the flow (ret, jmp, ud2, int3,
//    undecodable bytes): what follows such an instruction is entered from
//    somewhere we cannot see,
//  - it holds no other `syscall` and does not overlap another site's window,
//  - every instruction but the syscall can be moved to the trampoline: calls
//    are refused; relative jumps/jcc and RIP-relative operands are re-encoded
//    (a rel8-only branch such as jrcxz, or a target out of rel32 reach, is
//    refused).
// rt_sigreturn (nr 15) is never rewritten: unwinders find signal frames by
// matching its exact bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rewriter/branch_targets.hpp"
#include "rewriter/code_map.hpp"
#include "rewriter/elf_image.hpp"
#include "rewriter/function_bounds.hpp"
#include "rewriter/site_finder.hpp"

namespace sysrw {

enum class Refusal {
  kBranchTarget,      // displaced bytes contain a known branch target
  kFunctionBoundary,  // displaced bytes would cross a function boundary
  kBlockEnd,          // displaced bytes would run past a ret/jmp/int3/undecodable byte
  kUnrelocatable,     // an instruction that cannot run elsewhere (call, jrcxz, ...)
  kAdjacentSyscall,   // another syscall inside the displaced bytes
  kOverlap,           // overlaps the displaced bytes of an already planned site
  kSigreturn,         // rt_sigreturn: its bytes are matched by unwinders
  kUnreachable,       // the trampoline segment is out of rel32 reach
};
const char* refusal_name(Refusal r);  // stable identifier, e.g. "branch_target"
const char* refusal_text(Refusal r);  // short sentence for the text report
inline constexpr Refusal kAllRefusals[] = {Refusal::kBranchTarget,    Refusal::kFunctionBoundary,
                                           Refusal::kBlockEnd,        Refusal::kUnrelocatable,
                                           Refusal::kAdjacentSyscall, Refusal::kOverlap,
                                           Refusal::kSigreturn,       Refusal::kUnreachable};

struct Window {
  size_t first = 0;  // instruction indexes, inclusive
  size_t last = 0;
  size_t syscall = 0;
  uint64_t start = 0;
  uint64_t end = 0;
};

struct SitePlan {
  SyscallSite site;
  std::optional<Window> window;  // set when the site can be rewritten
  Refusal reason{};              // otherwise why not
  std::string detail;
};

class SitePlanner {
 public:
  // `trampoline_base`: where the trampolines will be, to check relocations.
  SitePlanner(const ElfImage& image, const CodeMap& code, const BranchTargets& targets,
              const FunctionBounds& bounds, uint64_t trampoline_base)
      : image_(image), code_(code), targets_(targets), bounds_(bounds), base_(trampoline_base) {}

  // Plans `site`; windows of accepted sites are remembered so later sites
  // cannot overlap them (plan sites in address order).
  SitePlan plan(const SyscallSite& site);

  // --target int3: the window is the 2-byte syscall alone (it becomes
  // `int3; nop`, nothing is moved), so only rt_sigreturn is refused.
  SitePlan plan_in_place(const SyscallSite& site);

 private:
  static bool refuse_sigreturn(SitePlan& out);  // sets the refusal for nr 15
  struct Check {
    bool ok = false;
    Refusal reason{};
    std::string detail;
  };
  Check check(const Window& w) const;

  const ElfImage& image_;
  const CodeMap& code_;
  const BranchTargets& targets_;
  const FunctionBounds& bounds_;
  uint64_t base_;
  uint64_t claimed_end_ = 0;  // end of the last accepted window
};

}  // namespace sysrw
