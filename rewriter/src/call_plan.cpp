#include "rewriter/call_plan.hpp"

#include <algorithm>

#include "rewriter/decoder.hpp"
#include "rewriter/hex.hpp"

namespace sysrw {

namespace {

constexpr ZydisRegister kArgRegs[] = {ZYDIS_REGISTER_RDI, ZYDIS_REGISTER_RSI, ZYDIS_REGISTER_RDX,
                                      ZYDIS_REGISTER_R8,  ZYDIS_REGISTER_R9,  ZYDIS_REGISTER_R10};

bool is_vector(ZydisRegister r) {
  switch (ZydisRegisterGetClass(r)) {
    case ZYDIS_REGCLASS_X87:
    case ZYDIS_REGCLASS_MMX:
    case ZYDIS_REGCLASS_XMM:
    case ZYDIS_REGCLASS_YMM:
    case ZYDIS_REGCLASS_ZMM:
    case ZYDIS_REGCLASS_TMM:
      return true;
    default:
      return false;
  }
}

CalleeSummary unreadable(std::string why) {
  CalleeSummary s;
  s.why_not = std::move(why);
  return s;
}

}  // namespace

CalleeSummary summarize_callee(const ElfImage& image, uint64_t start, uint64_t size) {
  if (size == 0) return unreadable("the symbol has no size");
  auto bytes = image.bytes_at(start, size);
  if (bytes.empty()) return unreadable("the function is not file-backed");
  CalleeSummary s;
  Decoder decoder;
  uint64_t end = start + size;
  for (uint64_t a = start; a < end;) {
    auto d = decoder.decode(bytes.subspan(a - start), a);
    if (!d) return unreadable("undecodable bytes at " + hex(a));
    const auto& in = d->insn;
    Insn sum = Decoder::summarize(*d);
    if (sum.has(kCall)) return unreadable("it calls other code at " + hex(a));
    if (in.meta.category == ZYDIS_CATEGORY_INTERRUPT || in.mnemonic == ZYDIS_MNEMONIC_SYSENTER)
      return unreadable("it enters the kernel other than by syscall at " + hex(a));
    // `syscall` writes rax, rcx and r11 (none of them saved) and keeps the flags: an in-process
    // hook that re-issues the caller's call stays a leaf (see CalleeSummary::enters_kernel).
    if (in.mnemonic == ZYDIS_MNEMONIC_SYSCALL) {
      s.enters_kernel = true;
      a += in.length;
      continue;
    }
    bool branch =
        in.meta.category == ZYDIS_CATEGORY_COND_BR || in.meta.category == ZYDIS_CATEGORY_UNCOND_BR;
    if (branch && !sum.has(kDirectBranch)) return unreadable("indirect jump at " + hex(a));
    if (branch && (sum.target < start || sum.target >= end))
      return unreadable("it jumps out of the function at " + hex(a));
    for (uint8_t i = 0; i < in.operand_count; ++i) {
      const auto& op = d->ops[i];
      if (op.type != ZYDIS_OPERAND_TYPE_REGISTER) continue;
      if (is_vector(op.reg.value)) {
        s.uses_vector = true;
        if (op.actions & ZYDIS_OPERAND_ACTION_MASK_WRITE) s.writes_vector = true;
        continue;
      }
      if (!(op.actions & ZYDIS_OPERAND_ACTION_MASK_WRITE)) continue;
      auto r = ZydisRegisterGetLargestEnclosing(ZYDIS_MACHINE_MODE_LONG_64, op.reg.value);
      if (std::find(std::begin(kArgRegs), std::end(kArgRegs), r) != std::end(kArgRegs) &&
          std::find(s.writes.begin(), s.writes.end(), r) == s.writes.end())
        s.writes.push_back(r);
    }
    if (in.cpu_flags && (in.cpu_flags->modified | in.cpu_flags->set_0 | in.cpu_flags->set_1 |
                         in.cpu_flags->undefined) != 0)
      s.writes_flags = true;
    a += in.length;
  }
  s.readable = true;
  return s;
}

bool code_uses_vector_registers(const ElfImage& image) {
  Decoder decoder;
  for (const auto& r : image.code_ranges()) {
    auto bytes = image.bytes_at(r.addr, r.size);
    for (uint64_t a = r.addr; a < r.end();) {
      auto d = decoder.decode(bytes.subspan(a - r.addr), a);
      if (!d) {
        ++a;
        continue;
      }
      for (uint8_t i = 0; i < d->insn.operand_count; ++i)
        if (d->ops[i].type == ZYDIS_OPERAND_TYPE_REGISTER && is_vector(d->ops[i].reg.value))
          return true;
      a += d->length();
    }
  }
  return false;
}

CallPlan make_call_plan(const CalleeSummary& callee, bool preserve_flags) {
  CallPlan p;
  if (!callee.readable) {
    p.saved.assign(std::begin(kArgRegs), std::end(kArgRegs));
    p.save_flags = preserve_flags;
    p.align_stack = true;
    p.basis = "callee not analysed (" + callee.why_not + "): full save";
    return p;
  }
  // Keep the push order of kArgRegs whatever order the callee wrote them in.
  for (auto r : kArgRegs)
    if (std::find(callee.writes.begin(), callee.writes.end(), r) != callee.writes.end())
      p.saved.push_back(r);
  p.align_stack = callee.uses_vector;
  // Aligning uses `and`, which writes the flags too.
  p.save_flags = preserve_flags && (callee.writes_flags || p.align_stack);
  std::string regs;
  for (auto r : p.saved) regs += std::string(regs.empty() ? "" : ",") + ZydisRegisterGetString(r);
  p.basis = "leaf callee: saves {" + regs + "}" + (p.save_flags ? " +flags" : "") +
            (p.align_stack ? " +align" : "") + (callee.enters_kernel ? " +enters the kernel" : "");
  return p;
}

}  // namespace sysrw
