// Per-site trampolines. Layout of one trampoline:
//
//   <displaced instructions before the syscall, relocated>
//   <the call>            passthrough: syscall
//                         local/kernel: see below
//   <displaced instructions after the syscall, relocated>
//   jmp <first byte after the displaced bytes>
//
// A function call must keep what `syscall` keeps: every register but rax,
// rcx and r11, the flags, and the stack below rsp (the 128-byte red zone).
// With the full save (call_plan.hpp says when less is enough):
//
//   lea -128(%rsp),%rsp           ; step over the red zone (lea: flags intact)
//   push %rdi %rsi %rdx %r8 %r9 %r10 ; caller-saved argument registers
//   pushfq                        ; flags
//   mov %rsp,%r11 ; and $-16,%rsp ; push %r11 ; push %r11   ; 16-byte alignment
//   mov %r10,%rcx                 ; 4th argument: syscall ABI -> function ABI
//   call rel32 SYMBOL             ; local:  or  movabs $ADDR,%r11 ; call *%r11  (kernel:)
//   mov 8(%rsp),%rsp              ; undo the alignment
//   popfq ; pop %r10 %r9 %r8 %rdx %rsi %rdi ; lea 128(%rsp),%rsp
//
// rax carries the number in and the result out, as with `syscall`. Vector
// registers are not saved: the called function must not touch them (the
// HermiTux kernel and -mgeneral-regs-only code do not).
#pragma once

#include <cstdint>
#include <vector>

#include "rewriter/assembler.hpp"
#include "rewriter/call_plan.hpp"
#include "rewriter/code_map.hpp"
#include "rewriter/elf_image.hpp"
#include "rewriter/site_planner.hpp"
#include "rewriter/target.hpp"

namespace sysrw {

struct TrampolineOptions {
  CallPlan call;  // local:/kernel: only
};

struct Trampoline {
  uint64_t site = 0;         // the syscall instruction
  uint64_t patch_start = 0;  // displaced bytes [patch_start, patch_end)
  uint64_t patch_end = 0;
  uint64_t address = 0;  // trampoline start
  uint64_t size = 0;
  uint64_t call_at = 0;        // address of the syscall / call inside the trampoline
  std::vector<uint8_t> patch;  // jmp rel32 + int3 padding, patch_end - patch_start bytes
};

// Appends the trampoline for `window` to `as` (at as.here()). Throws
// EncodeError when an instruction cannot be placed there.
Trampoline build_trampoline(Assembler& as, const ElfImage& image, const CodeMap& code,
                            const Window& window, const ResolvedTarget& target,
                            const TrampolineOptions& options);

}  // namespace sysrw
