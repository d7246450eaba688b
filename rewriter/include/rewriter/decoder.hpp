// Zydis decoding of x86-64 code: one instruction with its operands, and the
// compact per-instruction facts the analysis keeps for a whole binary.
#pragma once

#include <Zydis/Zydis.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace sysrw {

// One instruction decoded with all of its operands.
struct Decoded {
  uint64_t addr = 0;
  ZydisDecodedInstruction insn{};
  ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT]{};
  std::array<uint8_t, ZYDIS_MAX_INSTRUCTION_LENGTH> bytes{};
  [[nodiscard]] uint8_t length() const { return insn.length; }
  [[nodiscard]] ZydisMnemonic mnemonic() const { return insn.mnemonic; }
};

// Facts about an instruction that the site analysis needs (kept for every
// instruction of the binary, so small).
enum InsnFlags : uint16_t {
  kInvalid = 1 << 0,        // bytes that do not decode (one byte is skipped)
  kSyscall = 1 << 1,        // the `syscall` instruction
  kCall = 1 << 2,           // any call (pushes a return address into the code)
  kNoFallThrough = 1 << 3,  // ret, jmp, ud2, hlt, int3, ...: the next byte is not reached
  kDirectBranch = 1 << 4,   // jmp/jcc/call/loop with a relative target (in `target`)
  kRipRelative = 1 << 5,    // has a RIP-relative memory operand (address in `target`)
  kRelative = 1 << 6,       // encodes something relative to its own address
};

struct Insn {
  uint64_t addr = 0;
  uint64_t target = 0;  // branch target or RIP-relative address, see flags
  uint8_t length = 0;
  uint16_t flags = 0;
  [[nodiscard]] uint64_t end() const { return addr + length; }
  [[nodiscard]] bool has(uint16_t f) const { return (flags & f) != 0; }
};

class Decoder {
 public:
  Decoder();
  // Decodes the instruction at the start of `bytes`, placed at `addr`.
  [[nodiscard]] std::optional<Decoded> decode(std::span<const uint8_t> bytes, uint64_t addr) const;
  // The compact summary of a decoded instruction.
  [[nodiscard]] static Insn summarize(const Decoded& d);

 private:
  ZydisDecoder decoder_{};
};

// True when `d` writes any part of rax (al, ah, ax, eax, rax).
bool writes_rax(const Decoded& d);
// If `d` is `mov $imm, %eax` / `mov $imm, %rax`, the immediate.
std::optional<uint64_t> mov_imm_to_eax(const Decoded& d);

}  // namespace sysrw
