// How a trampoline calls a function in place of `syscall`: which registers it
// saves, whether it saves the flags and aligns the stack.
//
// `syscall` keeps every register but rax, rcx and r11, and the flags. A C
// function may clobber rdi, rsi, rdx, r8, r9, r10, the flags and the vector
// registers. When the called function is a leaf that can be read (its symbol
// has a size; no call, int/sysenter, indirect or outside jump; `syscall` is
// allowed), its instructions
// are decoded and only the registers it writes are saved; the flags only when
// it writes them; the stack is aligned only when it uses vector registers
// (aligned SSE accesses). Otherwise everything is saved and the stack aligned.
// A readable leaf that writes vector registers is refused: the trampoline does
// not save them (an unreadable callee must not write them either: documented).
#pragma once

#include <Zydis/Zydis.h>

#include <string>
#include <vector>

#include "rewriter/elf_image.hpp"

namespace sysrw {

struct CallPlan {
  std::vector<ZydisRegister> saved;  // pushed in this order, popped in reverse
  bool save_flags = true;
  bool align_stack = true;
  // The callee returns a 32-bit int (HermiTux's `int sys_ioctl(...)`): its
  // result is sign-extended to rax (movslq %eax,%rax), as `syscall` returns a
  // 64-bit -errno that callers compare with -4095.
  bool sign_extend_eax = false;
  std::string basis;  // one line: why (for the report and the note)
};

// What decoding the function [start, start + size) of `image` shows.
struct CalleeSummary {
  bool readable = false;
  std::string why_not;                // when not readable
  std::vector<ZydisRegister> writes;  // caller-saved argument registers written
  bool writes_flags = false;
  bool uses_vector = false;
  bool writes_vector = false;
  // It executes `syscall` (an in-process hook re-issuing the caller's call).
  // The call then returns on the caller's stack only if the call does: sites
  // sent to such a callee must not be clone, clone3 or vfork (rewrite() checks).
  bool enters_kernel = false;
};

CalleeSummary summarize_callee(const ElfImage& image, uint64_t start, uint64_t size);

// Whether any instruction of the image's code (linear sweep) names an x87, MMX
// or vector register. For a kernel image that never does (HermiTux is built
// without SSE), not saving vector registers around the call is safe whatever
// the callee calls.
bool code_uses_vector_registers(const ElfImage& image);

// `preserve_flags` false: the user says flags need not survive (compilers
// never keep flags across an inline `syscall`).
CallPlan make_call_plan(const CalleeSummary& callee, bool preserve_flags);

}  // namespace sysrw
