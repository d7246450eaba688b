#include "rewriter/trampoline_builder.hpp"

#include "rewriter/hex.hpp"

namespace sysrw {

namespace {

constexpr int32_t kRedZone = 128;

Decoded decode_at(const ElfImage& image, const Insn& i) {
  static const Decoder decoder;
  auto d = decoder.decode(image.bytes_at(i.addr, i.length), i.addr);
  if (!d) throw EncodeError("cannot decode the instruction at " + hex(i.addr));
  return *d;
}

// Returns the address of the call instruction.
uint64_t emit_function_call(Assembler& as, const ResolvedTarget& target,
                            const TrampolineOptions& options) {
  const CallPlan& plan = options.call;
  as.adjust_rsp(-kRedZone);
  for (auto r : plan.saved) as.push(r);
  if (plan.save_flags) as.pushfq();
  if (plan.align_stack) {
    as.mov(ZYDIS_REGISTER_R11, ZYDIS_REGISTER_RSP);
    as.and_imm(ZYDIS_REGISTER_RSP, -16);
    as.push(ZYDIS_REGISTER_R11);  // 8(%rsp) after the next push: the rsp to restore
    as.push(ZYDIS_REGISTER_R11);  // keeps rsp 16-byte aligned at the call
  }
  as.mov(ZYDIS_REGISTER_RCX, ZYDIS_REGISTER_R10);
  uint64_t call_at = 0;
  if (target.absolute) {
    as.movabs(ZYDIS_REGISTER_R11, target.address);
    call_at = as.here();
    as.call_reg(ZYDIS_REGISTER_R11);
  } else {
    call_at = as.here();
    as.call(target.address);
  }
  if (plan.sign_extend_eax) as.movsxd(ZYDIS_REGISTER_RAX, ZYDIS_REGISTER_EAX);
  if (plan.align_stack) as.load(ZYDIS_REGISTER_RSP, ZYDIS_REGISTER_RSP, 8);
  if (plan.save_flags) as.popfq();
  for (auto it = plan.saved.rbegin(); it != plan.saved.rend(); ++it) as.pop(*it);
  as.adjust_rsp(kRedZone);
  return call_at;
}

}  // namespace

Trampoline build_trampoline(Assembler& as, const ElfImage& image, const CodeMap& code,
                            const Window& window, const ResolvedTarget& target,
                            const TrampolineOptions& options) {
  const auto& insns = code.insns();
  Trampoline t;
  t.site = insns[window.syscall].addr;
  t.patch_start = window.start;
  t.patch_end = window.end;
  t.address = as.here();
  for (size_t k = window.first; k <= window.last; ++k) {
    if (k != window.syscall) {
      as.relocated(decode_at(image, insns[k]));
      continue;
    }
    if (target.spec.kind == TargetSpec::Kind::kPassthrough) {
      t.call_at = as.here();
      as.syscall();
    } else {
      t.call_at = emit_function_call(as, target, options);
    }
  }
  // Unless the displaced code ended the flow itself (e.g. with ret), go back.
  if (!insns[window.last].has(kNoFallThrough)) as.jmp(window.end);
  t.size = as.here() - t.address;

  t.patch = encode_jmp_rel32(window.start, t.address);
  t.patch.resize(window.end - window.start, 0xcc);  // int3: never executed
  return t;
}

}  // namespace sysrw
