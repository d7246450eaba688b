#include "rewriter/site_finder.hpp"

namespace sysrw {

namespace {

constexpr int kMaxLookBack = 64;  // instructions

bool ends_block(const Insn& i) {
  return i.has(kNoFallThrough) || i.has(kCall) || i.has(kDirectBranch) || i.has(kInvalid) ||
         i.has(kSyscall);
}

}  // namespace

std::optional<uint64_t> syscall_number(const ElfImage& image, const CodeMap& code,
                                       const BranchTargets& targets, size_t index) {
  const auto& insns = code.insns();
  Decoder decoder;
  size_t i = index;
  for (int n = 0; n < kMaxLookBack; ++n) {
    if (targets.contains(insns[i].addr)) return std::nullopt;  // a block starts here
    if (i == 0 || !code.contiguous(i - 1)) return std::nullopt;
    --i;
    const Insn& prev = insns[i];
    if (ends_block(prev)) return std::nullopt;
    auto bytes = image.bytes_at(prev.addr, prev.length);
    auto d = decoder.decode(bytes, prev.addr);
    if (!d) return std::nullopt;
    if (auto imm = mov_imm_to_eax(*d)) return *imm & 0xffffffffu;
    if (writes_rax(*d)) return std::nullopt;
  }
  return std::nullopt;
}

std::vector<SyscallSite> find_syscall_sites(const ElfImage& image, const CodeMap& code,
                                            const BranchTargets& targets,
                                            const FunctionBounds& bounds) {
  std::vector<SyscallSite> sites;
  const auto& insns = code.insns();
  for (size_t i = 0; i < insns.size(); ++i) {
    if (!insns[i].has(kSyscall)) continue;
    sites.push_back({insns[i].addr, i, syscall_number(image, code, targets, i),
                     bounds.function_at(insns[i].addr)});
  }
  return sites;
}

}  // namespace sysrw
