// Moving instructions to a new address with the Zydis encoder (assembler.cpp),
// on bytes given in the test.
#include <gtest/gtest.h>

#include "rewriter/assembler.hpp"
#include "rewriter/decoder.hpp"

namespace sysrw {
namespace {

Decoded decode(std::vector<uint8_t> bytes, uint64_t addr) {
  auto d = Decoder().decode(bytes, addr);
  if (!d) throw std::runtime_error("test bytes do not decode");
  return *d;
}

uint64_t absolute_of(const Decoded& d, int operand) {
  ZyanU64 a = 0;
  EXPECT_TRUE(ZYAN_SUCCESS(ZydisCalcAbsoluteAddress(&d.insn, &d.ops[operand], d.addr, &a)));
  return a;
}

constexpr uint64_t kOld = 0x401000;
constexpr uint64_t kNew = 0x5ec000;

TEST(Relocate, RipRelativeLoadKeepsItsTarget) {
  // mov 0x10(%rip),%rax at 0x401000 reads 0x401017.
  auto orig = decode({0x48, 0x8b, 0x05, 0x10, 0x00, 0x00, 0x00}, kOld);
  ASSERT_EQ(absolute_of(orig, 1), 0x401017u);
  auto bytes = relocate(orig, kNew);
  auto moved = decode(bytes, kNew);
  EXPECT_EQ(moved.mnemonic(), ZYDIS_MNEMONIC_MOV);
  EXPECT_EQ(moved.ops[1].mem.base, ZYDIS_REGISTER_RIP);
  EXPECT_EQ(absolute_of(moved, 1), 0x401017u);
  EXPECT_EQ(moved.ops[0].reg.value, ZYDIS_REGISTER_RAX);
}

TEST(Relocate, RipRelativeStoreWithImmediate) {
  // movl $7, 0x100(%rip): the immediate follows the displacement.
  auto orig = decode({0xc7, 0x05, 0x00, 0x01, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00}, kOld);
  uint64_t target = absolute_of(orig, 0);
  auto moved = decode(relocate(orig, kNew), kNew);
  EXPECT_EQ(absolute_of(moved, 0), target);
  EXPECT_EQ(moved.ops[1].imm.value.u, 7u);
}

TEST(Relocate, LeaRipRelative) {
  auto orig = decode({0x48, 0x8d, 0x3d, 0xf9, 0xff, 0xff, 0xff}, kOld);  // lea -7(%rip),%rdi
  auto moved = decode(relocate(orig, kNew), kNew);
  EXPECT_EQ(absolute_of(moved, 1), kOld);
}

TEST(Relocate, ShortJccBecomesRel32) {
  auto orig = decode({0x75, 0x05}, kOld);  // jne +5 -> 0x401007
  auto bytes = relocate(orig, kNew);
  EXPECT_EQ(bytes.size(), 6u);  // 0f 85 rel32
  auto moved = decode(bytes, kNew);
  EXPECT_EQ(moved.mnemonic(), ZYDIS_MNEMONIC_JNZ);
  EXPECT_EQ(absolute_of(moved, 0), 0x401007u);
}

TEST(Relocate, PlainInstructionIsCopied) {
  std::vector<uint8_t> cmp = {0x48, 0x3d, 0x01, 0xf0, 0xff, 0xff};  // cmp $-4095,%rax
  EXPECT_EQ(relocate(decode(cmp, kOld), kNew), cmp);
}

TEST(Relocate, RefusesCall) {
  EXPECT_THROW(relocate(decode({0xe8, 0x00, 0x00, 0x00, 0x00}, kOld), kNew), EncodeError);
}

TEST(Relocate, RefusesRel8OnlyBranchOutOfReach) {
  EXPECT_THROW(relocate(decode({0xe3, 0x02}, kOld), kNew), EncodeError);  // jrcxz
}

TEST(Relocate, RefusesTargetsOutOfRel32Reach) {
  auto orig = decode({0x48, 0x8b, 0x05, 0x10, 0x00, 0x00, 0x00}, kOld);
  EXPECT_THROW(relocate(orig, kOld + (uint64_t{3} << 31)), EncodeError);
}

TEST(Assembler, JmpRel32IsFiveBytes) {
  auto j = encode_jmp_rel32(kOld, kNew);
  ASSERT_EQ(j.size(), 5u);
  EXPECT_EQ(j[0], 0xe9);
  auto d = decode(j, kOld);
  EXPECT_EQ(absolute_of(d, 0), kNew);
}

TEST(Assembler, CallSequenceEncodes) {
  Assembler a(kNew);
  a.adjust_rsp(-128);
  a.push(ZYDIS_REGISTER_RDI);
  a.pushfq();
  a.mov(ZYDIS_REGISTER_RCX, ZYDIS_REGISTER_R10);
  a.movabs(ZYDIS_REGISTER_R11, 0x800123456789);
  a.call_reg(ZYDIS_REGISTER_R11);
  a.popfq();
  a.pop(ZYDIS_REGISTER_RDI);
  a.adjust_rsp(128);
  const auto& b = a.bytes();
  std::vector<ZydisMnemonic> seen;
  for (size_t off = 0; off < b.size();) {
    auto d = decode({b.begin() + static_cast<ptrdiff_t>(off), b.end()}, kNew + off);
    seen.push_back(d.mnemonic());
    if (d.mnemonic() == ZYDIS_MNEMONIC_MOV && d.ops[1].type == ZYDIS_OPERAND_TYPE_IMMEDIATE)
      EXPECT_EQ(d.ops[1].imm.value.u, 0x800123456789u);
    off += d.length();
  }
  std::vector<ZydisMnemonic> want = {
      ZYDIS_MNEMONIC_LEA,   ZYDIS_MNEMONIC_PUSH, ZYDIS_MNEMONIC_PUSHFQ,
      ZYDIS_MNEMONIC_MOV,   ZYDIS_MNEMONIC_MOV,  ZYDIS_MNEMONIC_CALL,
      ZYDIS_MNEMONIC_POPFQ, ZYDIS_MNEMONIC_POP,  ZYDIS_MNEMONIC_LEA};
  EXPECT_EQ(seen, want);
}

}  // namespace
}  // namespace sysrw
