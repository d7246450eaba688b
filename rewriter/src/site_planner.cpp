#include "rewriter/site_planner.hpp"

#include "rewriter/assembler.hpp"
#include "rewriter/hex.hpp"

namespace sysrw {

namespace {

constexpr uint64_t kJmpSize = 5;
constexpr size_t kMaxBefore = 3;
constexpr size_t kMaxAfter = 4;
constexpr uint64_t kSigreturnNr = 15;

}  // namespace

const char* refusal_name(Refusal r) {
  switch (r) {
    case Refusal::kBranchTarget:
      return "branch_target";
    case Refusal::kFunctionBoundary:
      return "function_boundary";
    case Refusal::kBlockEnd:
      return "block_end";
    case Refusal::kUnrelocatable:
      return "unrelocatable";
    case Refusal::kAdjacentSyscall:
      return "adjacent_syscall";
    case Refusal::kOverlap:
      return "overlap";
    case Refusal::kSigreturn:
      return "sigreturn";
    case Refusal::kUnreachable:
      return "unreachable";
  }
  return "unknown";
}

const char* refusal_text(Refusal r) {
  switch (r) {
    case Refusal::kBranchTarget:
      return "displaced bytes contain a branch target";
    case Refusal::kFunctionBoundary:
      return "displaced bytes cross a function boundary";
    case Refusal::kBlockEnd:
      return "displaced bytes run past a ret/jmp/int3/undecodable byte";
    case Refusal::kUnrelocatable:
      return "an instruction cannot be moved";
    case Refusal::kAdjacentSyscall:
      return "another syscall in the displaced bytes";
    case Refusal::kOverlap:
      return "overlaps another site";
    case Refusal::kSigreturn:
      return "rt_sigreturn (unwinders match its bytes)";
    case Refusal::kUnreachable:
      return "trampoline out of jmp rel32 reach";
  }
  return "unknown";
}

SitePlanner::Check SitePlanner::check(const Window& w) const {
  const auto& insns = code_.insns();
  if (w.start < claimed_end_)
    return {false, Refusal::kOverlap, "overlaps the window ending at " + hex(claimed_end_)};
  if (auto b = bounds_.inside(w.start, w.end))
    return {false, Refusal::kFunctionBoundary, "function boundary at " + hex(*b)};
  if (auto t = targets_.inside(w.start, w.end))
    return {false, Refusal::kBranchTarget, "branch target at " + hex(*t)};
  for (size_t k = w.first; k <= w.last; ++k) {
    if (k > w.first && insns[k - 1].has(kNoFallThrough))
      return {false, Refusal::kBlockEnd,
              "instruction at " + hex(insns[k].addr) + " follows a ret/jmp/int3/undecodable byte"};
    if (k != w.syscall && insns[k].has(kSyscall))
      return {false, Refusal::kAdjacentSyscall, "syscall at " + hex(insns[k].addr)};
  }
  try {
    (void)encode_jmp_rel32(w.start, base_);
  } catch (const EncodeError& e) {
    return {false, Refusal::kUnreachable, e.what()};
  }
  Decoder decoder;
  for (size_t k = w.first; k <= w.last; ++k) {
    if (k == w.syscall) continue;
    const Insn& i = insns[k];
    auto d = decoder.decode(image_.bytes_at(i.addr, i.length), i.addr);
    if (!d) return {false, Refusal::kUnrelocatable, "undecodable bytes at " + hex(i.addr)};
    try {
      (void)relocate(*d, base_);
    } catch (const EncodeError& e) {
      return {false, Refusal::kUnrelocatable, e.what()};
    }
  }
  return {true, {}, {}};
}

bool SitePlanner::refuse_sigreturn(SitePlan& out) {
  if (!out.site.nr || *out.site.nr != kSigreturnNr) return false;
  out.reason = Refusal::kSigreturn;
  out.detail = "rt_sigreturn";
  return true;
}

SitePlan SitePlanner::plan_in_place(const SyscallSite& site) {
  SitePlan out{site, std::nullopt, {}, {}};
  if (refuse_sigreturn(out)) return out;
  const Insn& syscall = code_.insns()[site.index];
  out.window = Window{site.index, site.index, site.index, syscall.addr, syscall.end()};
  return out;
}

SitePlan SitePlanner::plan(const SyscallSite& site) {
  SitePlan out{site, std::nullopt, {}, {}};
  if (refuse_sigreturn(out)) return out;
  const auto& insns = code_.insns();
  std::optional<Check> first_failure;
  std::string tried;
  for (size_t before = 0; before <= kMaxBefore; ++before) {
    // The instructions before must be contiguous with the syscall.
    if (before > site.index) break;
    bool contiguous = true;
    for (size_t k = site.index - before; k < site.index; ++k) contiguous &= code_.contiguous(k);
    if (!contiguous) break;
    Window w{site.index - before, site.index, site.index, insns[site.index - before].addr, 0};
    // Grow after the syscall until the jmp fits.
    size_t after = 0;
    while (true) {
      w.end = insns[w.last].end();
      if (w.end - w.start >= kJmpSize) break;
      if (after == kMaxAfter || insns[w.last].has(kNoFallThrough) || !code_.contiguous(w.last))
        break;
      ++w.last;
      ++after;
    }
    Check c;
    if (w.end - w.start < kJmpSize) {
      std::string room = "only " + std::to_string(w.end - w.start) + " bytes up to " + hex(w.end);
      if (insns[w.last].has(kNoFallThrough))
        c = {false, Refusal::kBlockEnd, room + " (ends with a ret/jmp/int3)"};
      else  // the executable section ends: the boundary of whatever follows
        c = {false, Refusal::kFunctionBoundary, room + " (end of the code section)"};
    } else {
      c = check(w);
    }
    if (c.ok) {
      out.window = w;
      claimed_end_ = w.end;
      return out;
    }
    if (!first_failure) first_failure = c;
    tried += (tried.empty() ? "" : "; ") + std::to_string(before) +
             " before: " + refusal_name(c.reason) + " (" + c.detail + ")";
  }
  out.reason = first_failure->reason;
  out.detail = tried;
  return out;
}

}  // namespace sysrw
