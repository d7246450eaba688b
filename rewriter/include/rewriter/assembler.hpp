// Emits the trampoline code with the Zydis encoder: instructions of our own
// (push, call, jmp, ...) and instructions moved out of the original code
// (re-encoded for their new address, RIP-relative operands fixed up).
#pragma once

#include <Zydis/Zydis.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "rewriter/decoder.hpp"

namespace sysrw {

struct EncodeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Re-encodes `d` to run at `new_addr`: relative branch targets and RIP-relative
// memory operands keep pointing at the same absolute addresses. Throws
// EncodeError (with the reason) when that is impossible, e.g. a rel8-only
// branch (jrcxz, loop) or a target out of rel32 reach from `new_addr`.
std::vector<uint8_t> relocate(const Decoded& d, uint64_t new_addr);

class Assembler {
 public:
  explicit Assembler(uint64_t base) : base_(base) {}

  [[nodiscard]] uint64_t here() const { return base_ + bytes_.size(); }
  [[nodiscard]] const std::vector<uint8_t>& bytes() const { return bytes_; }

  void raw(const std::vector<uint8_t>& b) { bytes_.insert(bytes_.end(), b.begin(), b.end()); }
  void relocated(const Decoded& d) { raw(relocate(d, here())); }

  void push(ZydisRegister r) { emit(ZYDIS_MNEMONIC_PUSH, {reg(r)}); }
  void pop(ZydisRegister r) { emit(ZYDIS_MNEMONIC_POP, {reg(r)}); }
  void pushfq() { emit(ZYDIS_MNEMONIC_PUSHFQ, {}); }
  void popfq() { emit(ZYDIS_MNEMONIC_POPFQ, {}); }
  void syscall() { emit(ZYDIS_MNEMONIC_SYSCALL, {}); }
  void mov(ZydisRegister dst, ZydisRegister src) { emit(ZYDIS_MNEMONIC_MOV, {reg(dst), reg(src)}); }
  void movabs(ZydisRegister dst, uint64_t v) { emit(ZYDIS_MNEMONIC_MOV, {reg(dst), imm(v)}); }
  void movsxd(ZydisRegister dst, ZydisRegister src) {
    emit(ZYDIS_MNEMONIC_MOVSXD, {reg(dst), reg(src)});
  }
  // rsp += disp without touching the flags (lea).
  void adjust_rsp(int32_t disp) {
    emit(ZYDIS_MNEMONIC_LEA, {reg(ZYDIS_REGISTER_RSP), mem(ZYDIS_REGISTER_RSP, disp, 8)});
  }
  void and_imm(ZydisRegister dst, int64_t v) {
    emit(ZYDIS_MNEMONIC_AND, {reg(dst), imm(static_cast<uint64_t>(v))});
  }
  // dst = [base + disp]
  void load(ZydisRegister dst, ZydisRegister base, int32_t disp) {
    emit(ZYDIS_MNEMONIC_MOV, {reg(dst), mem(base, disp, 8)});
  }
  void call(uint64_t target) { emit(ZYDIS_MNEMONIC_CALL, {imm(target)}); }
  void call_reg(ZydisRegister r) { emit(ZYDIS_MNEMONIC_CALL, {reg(r)}); }
  void jmp(uint64_t target) { emit(ZYDIS_MNEMONIC_JMP, {imm(target)}, ZYDIS_BRANCH_WIDTH_32); }
  // Pads with int3 (never executed) up to a multiple of `alignment`.
  void align(uint64_t alignment);

  static ZydisEncoderOperand reg(ZydisRegister r);
  static ZydisEncoderOperand imm(uint64_t v);
  static ZydisEncoderOperand mem(ZydisRegister base, int64_t disp, uint16_t size);

 private:
  void emit(ZydisMnemonic m, std::initializer_list<ZydisEncoderOperand> ops,
            ZydisBranchWidth width = ZYDIS_BRANCH_WIDTH_NONE);
  uint64_t base_;
  std::vector<uint8_t> bytes_;
};

// `jmp rel32` from `from` to `to` as 5 bytes (throws EncodeError when out of reach).
std::vector<uint8_t> encode_jmp_rel32(uint64_t from, uint64_t to);

}  // namespace sysrw
