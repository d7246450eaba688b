#include "rewriter/verifier.hpp"

#include <algorithm>
#include <cstring>

#include "rewriter/hex.hpp"

namespace sysrw {

namespace {

VerifyError fail(const std::string& what) { return VerifyError("verification failed: " + what); }

void check_segments(const ElfImage& out, const VerifyInput& v) {
  if (out.dynamic_reason()) throw fail("the output looks dynamic");
  if (out.header().e_phoff != v.layout.offset)
    throw fail("e_phoff does not point at the new table");
  if (out.segments().size() != v.layout.phnum) throw fail("wrong number of program headers");
  const Elf64_Phdr* prev = nullptr;
  const Elf64_Phdr* last = nullptr;
  bool phdr_mapped = false;
  for (const auto& p : out.segments()) {
    if (p.p_type == PT_PHDR && (p.p_vaddr != v.layout.vaddr || p.p_offset != v.layout.offset))
      throw fail("PT_PHDR does not describe the new table");
    if (p.p_type != PT_LOAD) continue;
    if (prev && p.p_vaddr < prev->p_vaddr) throw fail("PT_LOAD entries are not sorted by address");
    if ((p.p_vaddr - p.p_offset) % kPageSize != 0)
      throw fail("PT_LOAD at " + hex(p.p_vaddr) + " has offset and address out of page step");
    if (v.layout.offset >= p.p_offset && v.layout.offset - p.p_offset < p.p_filesz &&
        p.p_vaddr + (v.layout.offset - p.p_offset) == v.layout.vaddr)
      phdr_mapped = true;
    prev = last = &p;
  }
  if (!last || last->p_vaddr != v.layout.vaddr || !(last->p_flags & PF_X))
    throw fail("the trampoline segment is not the last PT_LOAD");
  if (!phdr_mapped) throw fail("the program header table is not mapped");
  for (const auto& p : v.input.segments())
    if (p.p_type == PT_LOAD && p.p_vaddr + p.p_memsz > v.layout.vaddr)
      throw fail("the new segment overlaps the segment at " + hex(p.p_vaddr));
  auto marks = out.notes(kNoteOwner, kNoteType);
  if (marks.size() != 1) throw fail("the rewriter's note is missing");
}

// Outside the ELF header and the patched windows, the input bytes are unchanged.
void check_unchanged(const std::vector<uint8_t>& out, const VerifyInput& v) {
  const auto& in = v.input.bytes();
  std::vector<std::pair<uint64_t, uint64_t>> allowed{{0, sizeof(Elf64_Ehdr)}};
  for (const auto& t : v.trampolines) {
    auto off = v.input.offset_of(t.patch_start);
    if (!off) throw fail("patch at " + hex(t.patch_start) + " is not file-backed");
    allowed.emplace_back(*off, *off + (t.patch_end - t.patch_start));
  }
  if (v.bind) allowed.emplace_back(v.bind->slot_offset, v.bind->slot_offset + 8);
  std::sort(allowed.begin(), allowed.end());
  uint64_t pos = 0;
  for (auto [lo, hi] : allowed) {
    if (lo < pos) throw fail("patched windows overlap at file offset " + hex(lo));
    if (std::memcmp(in.data() + pos, out.data() + pos, lo - pos) != 0)
      throw fail("bytes outside the patched windows changed (between file offsets " + hex(pos) +
                 " and " + hex(lo) + ")");
    pos = hi;
  }
  if (std::memcmp(in.data() + pos, out.data() + pos, in.size() - pos) != 0)
    throw fail("bytes after the last patched window changed");
}

bool same_operand(const Decoded& a, int i, const Decoded& b, int j) {
  const auto& x = a.ops[i];
  const auto& y = b.ops[j];
  if (x.type != y.type) return false;
  // A moved branch may change from rel8 to rel32; everything else keeps its size.
  bool rel = x.type == ZYDIS_OPERAND_TYPE_IMMEDIATE && x.imm.is_relative;
  if (!rel && x.size != y.size) return false;
  ZyanU64 ax = 0, by = 0;
  switch (x.type) {
    case ZYDIS_OPERAND_TYPE_REGISTER:
      return x.reg.value == y.reg.value;
    case ZYDIS_OPERAND_TYPE_MEMORY:
      if (x.mem.base != y.mem.base || x.mem.index != y.mem.index || x.mem.scale != y.mem.scale ||
          x.mem.segment != y.mem.segment)
        return false;
      if (x.mem.base != ZYDIS_REGISTER_RIP) return x.mem.disp.value == y.mem.disp.value;
      return ZYAN_SUCCESS(ZydisCalcAbsoluteAddress(&a.insn, &x, a.addr, &ax)) &&
             ZYAN_SUCCESS(ZydisCalcAbsoluteAddress(&b.insn, &y, b.addr, &by)) && ax == by;
    case ZYDIS_OPERAND_TYPE_IMMEDIATE:
      if (x.imm.is_relative != y.imm.is_relative) return false;
      if (!x.imm.is_relative) return x.imm.value.u == y.imm.value.u;
      return ZYAN_SUCCESS(ZydisCalcAbsoluteAddress(&a.insn, &x, a.addr, &ax)) &&
             ZYAN_SUCCESS(ZydisCalcAbsoluteAddress(&b.insn, &y, b.addr, &by)) && ax == by;
    default:
      return true;
  }
}

// A moved instruction must do what the original did: same mnemonic, same
// operands, RIP-relative and branch targets at the same absolute addresses.
void check_same(const Decoded& orig, const Decoded& moved) {
  std::string where = "instruction from " + hex(orig.addr) + " moved to " + hex(moved.addr);
  if (orig.mnemonic() != moved.mnemonic()) throw fail(where + ": different mnemonic");
  if (orig.insn.operand_count_visible != moved.insn.operand_count_visible)
    throw fail(where + ": different operand count");
  for (int i = 0; i < orig.insn.operand_count_visible; ++i)
    if (!same_operand(orig, i, moved, i))
      throw fail(where + ": operand " + std::to_string(i) + " differs");
}

struct Reader {
  const ElfImage& img;
  Decoder decoder;
  uint64_t at;
  uint64_t end;
  Decoded next(const std::string& context) {
    if (at >= end) throw fail(context + ": trampoline ends early at " + hex(at));
    auto d = decoder.decode(img.bytes_at(at, std::min<uint64_t>(end - at, 15)), at);
    if (!d) throw fail(context + ": undecodable bytes at " + hex(at));
    at += d->length();
    return *d;
  }
};

uint64_t branch_target(const Decoded& d) {
  ZyanU64 t = 0;
  for (int i = 0; i < d.insn.operand_count_visible; ++i)
    if (d.ops[i].type == ZYDIS_OPERAND_TYPE_IMMEDIATE && d.ops[i].imm.is_relative &&
        ZYAN_SUCCESS(ZydisCalcAbsoluteAddress(&d.insn, &d.ops[i], d.addr, &t)))
      return t;
  return ~uint64_t{0};
}

void expect(const Decoded& d, ZydisMnemonic m, const std::string& context) {
  if (d.mnemonic() != m)
    throw fail(context + ": expected " + ZydisMnemonicGetString(m) + " at " + hex(d.addr) +
               ", found " + ZydisMnemonicGetString(d.mnemonic()));
}

void expect_reg(const Decoded& d, ZydisMnemonic m, ZydisRegister reg, const std::string& ctx) {
  expect(d, m, ctx);
  if (d.ops[0].type != ZYDIS_OPERAND_TYPE_REGISTER || d.ops[0].reg.value != reg)
    throw fail(ctx + ": expected " + ZydisMnemonicGetString(m) + " " + ZydisRegisterGetString(reg) +
               " at " + hex(d.addr));
}

// lea disp(%rsp),%rsp
void expect_stack_step(const Decoded& d, int64_t disp, const std::string& ctx) {
  expect(d, ZYDIS_MNEMONIC_LEA, ctx);
  if (d.ops[0].reg.value != ZYDIS_REGISTER_RSP || d.ops[1].mem.base != ZYDIS_REGISTER_RSP ||
      d.ops[1].mem.disp.value != disp)
    throw fail(ctx + ": expected lea " + std::to_string(disp) + "(%rsp),%rsp at " + hex(d.addr));
}

void check_call_sequence(Reader& r, const VerifyInput& v, const std::string& ctx) {
  const CallPlan& plan = v.options.call;
  expect_stack_step(r.next(ctx), -128, ctx);
  for (auto reg : plan.saved) expect_reg(r.next(ctx), ZYDIS_MNEMONIC_PUSH, reg, ctx);
  if (plan.save_flags) expect(r.next(ctx), ZYDIS_MNEMONIC_PUSHFQ, ctx);
  if (plan.align_stack) {
    expect(r.next(ctx), ZYDIS_MNEMONIC_MOV, ctx);
    expect(r.next(ctx), ZYDIS_MNEMONIC_AND, ctx);
    expect(r.next(ctx), ZYDIS_MNEMONIC_PUSH, ctx);
    expect(r.next(ctx), ZYDIS_MNEMONIC_PUSH, ctx);
  }
  auto arg4 = r.next(ctx);
  expect(arg4, ZYDIS_MNEMONIC_MOV, ctx);
  if (arg4.ops[0].reg.value != ZYDIS_REGISTER_RCX || arg4.ops[1].reg.value != ZYDIS_REGISTER_R10)
    throw fail(ctx + ": expected mov %r10,%rcx at " + hex(arg4.addr));
  if (v.target.absolute) {
    auto mov = r.next(ctx);
    expect(mov, ZYDIS_MNEMONIC_MOV, ctx);
    if (mov.ops[1].type != ZYDIS_OPERAND_TYPE_IMMEDIATE ||
        mov.ops[1].imm.value.u != v.target.address)
      throw fail(ctx + ": movabs does not load " + hex(v.target.address));
    expect(r.next(ctx), ZYDIS_MNEMONIC_CALL, ctx);
  } else {
    auto call = r.next(ctx);
    expect(call, ZYDIS_MNEMONIC_CALL, ctx);
    if (branch_target(call) != v.target.address)
      throw fail(ctx + ": call goes to " + hex(branch_target(call)) + ", not " +
                 hex(v.target.address));
  }
  if (plan.sign_extend_eax) {
    auto ext = r.next(ctx);
    expect(ext, ZYDIS_MNEMONIC_MOVSXD, ctx);
    if (ext.ops[0].reg.value != ZYDIS_REGISTER_RAX || ext.ops[1].reg.value != ZYDIS_REGISTER_EAX)
      throw fail(ctx + ": expected movslq %eax,%rax at " + hex(ext.addr));
  }
  if (plan.align_stack) expect(r.next(ctx), ZYDIS_MNEMONIC_MOV, ctx);
  if (plan.save_flags) expect(r.next(ctx), ZYDIS_MNEMONIC_POPFQ, ctx);
  for (auto it = plan.saved.rbegin(); it != plan.saved.rend(); ++it)
    expect_reg(r.next(ctx), ZYDIS_MNEMONIC_POP, *it, ctx);
  expect_stack_step(r.next(ctx), 128, ctx);
}

// --target int3: the syscall's two bytes are `int3; nop`, and there is no trampoline.
void check_int3_site(const ElfImage& out, const Window& w, const Trampoline& t) {
  const std::string ctx = "site " + hex(t.site);
  auto patched = out.bytes_at(w.start, w.end - w.start);
  if (patched.size() != 2 || patched[0] != 0xcc || patched[1] != 0x90)
    throw fail(ctx + ": the patch is not int3; nop");
  if (t.size != 0) throw fail(ctx + ": an int3 site has a trampoline");
}

void check_site(const ElfImage& out, const VerifyInput& v, const Window& w, const Trampoline& t) {
  if (v.target.spec.kind == TargetSpec::Kind::kInt3) return check_int3_site(out, w, t);
  const std::string ctx = "site " + hex(t.site);
  Decoder decoder;
  // The patch: jmp rel32 to the trampoline, then int3 only.
  auto patched = out.bytes_at(w.start, w.end - w.start);
  if (patched.empty()) throw fail(ctx + ": patched bytes not mapped");
  auto jmp = decoder.decode(patched, w.start);
  if (!jmp || jmp->mnemonic() != ZYDIS_MNEMONIC_JMP || jmp->length() != 5 ||
      branch_target(*jmp) != t.address)
    throw fail(ctx + ": the patch is not a 5-byte jmp to the trampoline at " + hex(t.address));
  for (size_t i = 5; i < patched.size(); ++i)
    if (patched[i] != 0xcc)
      throw fail(ctx + ": padding byte at " + hex(w.start + i) + " is not int3");
  if (t.address < v.layout.code_vaddr()) throw fail(ctx + ": trampoline outside the new segment");

  Reader r{out, {}, t.address, t.address + t.size};
  const auto& insns = v.code.insns();
  for (size_t k = w.first; k <= w.last; ++k) {
    if (k == w.syscall) {
      if (v.target.spec.kind == TargetSpec::Kind::kPassthrough)
        expect(r.next(ctx), ZYDIS_MNEMONIC_SYSCALL, ctx);
      else
        check_call_sequence(r, v, ctx);
      continue;
    }
    auto orig = decoder.decode(v.input.bytes_at(insns[k].addr, insns[k].length), insns[k].addr);
    if (!orig) throw fail(ctx + ": original instruction at " + hex(insns[k].addr) + " undecodable");
    auto moved = r.next(ctx);
    if (moved.mnemonic() == ZYDIS_MNEMONIC_SYSCALL) throw fail(ctx + ": stray syscall");
    check_same(*orig, moved);
  }
  if (!insns[w.last].has(kNoFallThrough)) {
    auto back = r.next(ctx);
    expect(back, ZYDIS_MNEMONIC_JMP, ctx);
    if (branch_target(back) != w.end)
      throw fail(ctx + ": the trampoline returns to " + hex(branch_target(back)) + ", not " +
                 hex(w.end));
  }
  if (r.at != t.address + t.size) throw fail(ctx + ": trailing bytes in the trampoline");
}

// The bound pointer, read back from the re-parsed output at its address.
void check_binding(const ElfImage& out, const ResolvedBind& b) {
  const std::string ctx = "--bind " + b.spec.symbol + " at " + hex(b.slot);
  if (out.offset_of(b.slot) != b.slot_offset)
    throw fail(ctx + ": not at file offset " + hex(b.slot_offset));
  auto bytes = out.bytes_at(b.slot, 8);
  if (bytes.size() != 8) throw fail(ctx + ": not file-backed in the output");
  uint64_t have = 0;
  std::memcpy(&have, bytes.data(), sizeof have);
  if (have != b.function.address)
    throw fail(ctx + ": holds " + hex(have) + ", not " + hex(b.function.address));
}

}  // namespace

void verify_output(const std::vector<uint8_t>& output, const VerifyInput& v) {
  if (v.windows.size() != v.trampolines.size()) throw fail("window/trampoline count mismatch");
  ElfImage out = [&] {
    try {
      return ElfImage::parse(output, "rewritten output");
    } catch (const InputError& e) {
      throw fail(e.what());
    }
  }();
  check_segments(out, v);
  check_unchanged(output, v);
  if (v.bind) check_binding(out, *v.bind);
  for (size_t i = 0; i < v.windows.size(); ++i) check_site(out, v, v.windows[i], v.trampolines[i]);
}

}  // namespace sysrw
