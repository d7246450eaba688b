#include "rewriter/assembler.hpp"

#include <cstring>

#include "rewriter/hex.hpp"

namespace sysrw {

namespace {

std::string mnemonic_name(ZydisMnemonic m) {
  const char* s = ZydisMnemonicGetString(m);
  return s ? s : "?";
}

std::vector<uint8_t> encode_at(ZydisEncoderRequest& req, uint64_t addr, const std::string& what) {
  uint8_t buf[ZYDIS_MAX_INSTRUCTION_LENGTH];
  ZyanUSize len = sizeof buf;
  ZyanStatus st = ZydisEncoderEncodeInstructionAbsolute(&req, buf, &len, addr);
  if (!ZYAN_SUCCESS(st))
    throw EncodeError("cannot encode " + what + " at " + hex(addr) + " (Zydis status " + hex(st) +
                      ")");
  return {buf, buf + len};
}

}  // namespace

std::vector<uint8_t> relocate(const Decoded& d, uint64_t new_addr) {
  const std::string what = mnemonic_name(d.mnemonic()) + " from " + hex(d.addr);
  if (d.insn.meta.category == ZYDIS_CATEGORY_CALL)
    throw EncodeError("call at " + hex(d.addr) +
                      " cannot be moved (its return address would point into the trampoline)");
  // Nothing depends on the address: the bytes are copied as they are.
  if (!(d.insn.attributes & ZYDIS_ATTRIB_IS_RELATIVE))
    return {d.bytes.begin(), d.bytes.begin() + d.length()};
  ZydisEncoderRequest req;
  if (!ZYAN_SUCCESS(ZydisEncoderDecodedInstructionToEncoderRequest(
          &d.insn, d.ops, d.insn.operand_count_visible, &req)))
    throw EncodeError("Zydis cannot re-encode " + what);
  for (uint8_t i = 0; i < req.operand_count; ++i) {
    auto& op = req.operands[i];
    const auto& dop = d.ops[i];
    ZyanU64 abs = 0;
    if (op.type == ZYDIS_OPERAND_TYPE_MEMORY && dop.mem.base == ZYDIS_REGISTER_RIP) {
      if (!ZYAN_SUCCESS(ZydisCalcAbsoluteAddress(&d.insn, &dop, d.addr, &abs)))
        throw EncodeError("cannot compute the RIP-relative address of " + what);
      op.mem.displacement = static_cast<ZyanI64>(abs);
    } else if (op.type == ZYDIS_OPERAND_TYPE_IMMEDIATE && dop.imm.is_relative) {
      if (!ZYAN_SUCCESS(ZydisCalcAbsoluteAddress(&d.insn, &dop, d.addr, &abs)))
        throw EncodeError("cannot compute the branch target of " + what);
      op.imm.u = abs;
    }
  }
  // Let the encoder pick rel8 or rel32 for the new distance.
  req.branch_type = ZYDIS_BRANCH_TYPE_NONE;
  req.branch_width = ZYDIS_BRANCH_WIDTH_NONE;
  return encode_at(req, new_addr, what);
}

ZydisEncoderOperand Assembler::reg(ZydisRegister r) {
  ZydisEncoderOperand op{};
  op.type = ZYDIS_OPERAND_TYPE_REGISTER;
  op.reg.value = r;
  return op;
}

ZydisEncoderOperand Assembler::imm(uint64_t v) {
  ZydisEncoderOperand op{};
  op.type = ZYDIS_OPERAND_TYPE_IMMEDIATE;
  op.imm.u = v;
  return op;
}

ZydisEncoderOperand Assembler::mem(ZydisRegister base, int64_t disp, uint16_t size) {
  ZydisEncoderOperand op{};
  op.type = ZYDIS_OPERAND_TYPE_MEMORY;
  op.mem.base = base;
  op.mem.displacement = disp;
  op.mem.size = size;
  return op;
}

void Assembler::emit(ZydisMnemonic m, std::initializer_list<ZydisEncoderOperand> ops,
                     ZydisBranchWidth width) {
  ZydisEncoderRequest req{};
  req.machine_mode = ZYDIS_MACHINE_MODE_LONG_64;
  req.mnemonic = m;
  req.branch_width = width;
  req.operand_count = static_cast<ZyanU8>(ops.size());
  size_t i = 0;
  for (const auto& op : ops) req.operands[i++] = op;
  raw(encode_at(req, here(), mnemonic_name(m)));
}

void Assembler::align(uint64_t alignment) {
  while (here() % alignment != 0) bytes_.push_back(0xcc);
}

std::vector<uint8_t> encode_jmp_rel32(uint64_t from, uint64_t to) {
  Assembler a(from);
  a.jmp(to);
  if (a.bytes().size() != 5)
    throw EncodeError("jmp at " + hex(from) + " to " + hex(to) + " is not 5 bytes");
  return a.bytes();
}

}  // namespace sysrw
