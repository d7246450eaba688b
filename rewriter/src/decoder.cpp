#include "rewriter/decoder.hpp"

#include <algorithm>

namespace sysrw {

Decoder::Decoder() {
  ZydisDecoderInit(&decoder_, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
}

std::optional<Decoded> Decoder::decode(std::span<const uint8_t> bytes, uint64_t addr) const {
  Decoded d;
  d.addr = addr;
  if (!ZYAN_SUCCESS(ZydisDecoderDecodeFull(&decoder_, bytes.data(), bytes.size(), &d.insn, d.ops)))
    return std::nullopt;
  std::copy_n(bytes.begin(), d.insn.length, d.bytes.begin());
  return d;
}

namespace {

bool no_fall_through(const ZydisDecodedInstruction& in) {
  switch (in.mnemonic) {
    case ZYDIS_MNEMONIC_RET:
    case ZYDIS_MNEMONIC_JMP:
    case ZYDIS_MNEMONIC_UD0:
    case ZYDIS_MNEMONIC_UD1:
    case ZYDIS_MNEMONIC_UD2:
    case ZYDIS_MNEMONIC_HLT:
    case ZYDIS_MNEMONIC_INT3:
    case ZYDIS_MNEMONIC_IRET:
    case ZYDIS_MNEMONIC_IRETD:
    case ZYDIS_MNEMONIC_IRETQ:
    case ZYDIS_MNEMONIC_SYSRET:
    case ZYDIS_MNEMONIC_SYSEXIT:
      return true;
    default:
      return false;
  }
}

}  // namespace

Insn Decoder::summarize(const Decoded& d) {
  Insn s;
  s.addr = d.addr;
  s.length = d.insn.length;
  const auto& in = d.insn;
  if (in.mnemonic == ZYDIS_MNEMONIC_SYSCALL) s.flags |= kSyscall;
  if (in.meta.category == ZYDIS_CATEGORY_CALL) s.flags |= kCall;
  if (no_fall_through(in)) s.flags |= kNoFallThrough;
  if (in.attributes & ZYDIS_ATTRIB_IS_RELATIVE) s.flags |= kRelative;
  for (uint8_t i = 0; i < in.operand_count_visible; ++i) {
    const auto& op = d.ops[i];
    ZyanU64 abs = 0;
    if (op.type == ZYDIS_OPERAND_TYPE_IMMEDIATE && op.imm.is_relative &&
        ZYAN_SUCCESS(ZydisCalcAbsoluteAddress(&in, &op, d.addr, &abs))) {
      s.flags |= kDirectBranch;
      s.target = abs;
    } else if (op.type == ZYDIS_OPERAND_TYPE_MEMORY && op.mem.base == ZYDIS_REGISTER_RIP &&
               ZYAN_SUCCESS(ZydisCalcAbsoluteAddress(&in, &op, d.addr, &abs))) {
      s.flags |= kRipRelative;
      s.target = abs;
    }
  }
  return s;
}

bool writes_rax(const Decoded& d) {
  for (uint8_t i = 0; i < d.insn.operand_count; ++i) {
    const auto& op = d.ops[i];
    if (op.type != ZYDIS_OPERAND_TYPE_REGISTER || !(op.actions & ZYDIS_OPERAND_ACTION_MASK_WRITE))
      continue;
    if (ZydisRegisterGetLargestEnclosing(ZYDIS_MACHINE_MODE_LONG_64, op.reg.value) ==
        ZYDIS_REGISTER_RAX)
      return true;
  }
  return false;
}

std::optional<uint64_t> mov_imm_to_eax(const Decoded& d) {
  if (d.insn.mnemonic != ZYDIS_MNEMONIC_MOV || d.insn.operand_count_visible != 2) return {};
  const auto& dst = d.ops[0];
  const auto& src = d.ops[1];
  if (dst.type != ZYDIS_OPERAND_TYPE_REGISTER || src.type != ZYDIS_OPERAND_TYPE_IMMEDIATE)
    return {};
  if (dst.reg.value != ZYDIS_REGISTER_EAX && dst.reg.value != ZYDIS_REGISTER_RAX) return {};
  return src.imm.is_signed ? static_cast<uint64_t>(src.imm.value.s) : src.imm.value.u;
}

}  // namespace sysrw
