#include "rewriter/branch_targets.hpp"

#include <algorithm>
#include <cstring>

namespace sysrw {

namespace {

constexpr size_t kMaxJumpTableEntries = 4096;

// PC-relative switch tables (gcc -fPIC/-fPIE, also static glibc code):
//   lea table(%rip), %r1 ; movslq (%r1,%idx,4), %r2 ; add %r1, %r2 ; jmp *%r2
// The entries are int32 offsets from the table. Each lea pointing into data is
// treated as a possible table: entries are read while they land in code.
void pc_relative_tables(const ElfImage& image, const CodeMap& code, std::vector<uint64_t>& out) {
  for (const auto& insn : code.insns()) {
    if (!insn.has(kRipRelative) || code.in_code(insn.target) || (insn.target & 3) != 0) continue;
    for (size_t k = 0; k < kMaxJumpTableEntries; ++k) {
      auto b = image.bytes_at(insn.target + 4 * k, 4);
      if (b.empty()) break;
      int32_t rel;
      std::memcpy(&rel, b.data(), 4);
      uint64_t t = insn.target + static_cast<int64_t>(rel);
      if (!code.in_code(t)) break;
      out.push_back(t);
    }
  }
}

void data_pointers(const ElfImage& image, const CodeMap& code, std::vector<uint64_t>& out) {
  const auto& bytes = image.bytes();
  for (const auto& r : image.data_ranges()) {
    uint64_t first = (r.addr + 7) & ~uint64_t{7};
    for (uint64_t a = first; a + 8 <= r.end(); a += 8) {
      uint64_t v;
      std::memcpy(&v, bytes.data() + r.offset + (a - r.addr), 8);
      if (code.in_code(v)) out.push_back(v);
    }
  }
}

// R_X86_64_RELATIVE / IRELATIVE addends of a static-pie (or .rela.plt of a
// static non-pie) are code addresses too.
void relocation_addends(const ElfImage& image, const CodeMap& code, std::vector<uint64_t>& out) {
  const auto& bytes = image.bytes();
  for (const auto& s : image.sections()) {
    if (s.type != SHT_RELA || s.entsize != sizeof(Elf64_Rela)) continue;
    for (uint64_t o = 0; o + sizeof(Elf64_Rela) <= s.size; o += sizeof(Elf64_Rela)) {
      Elf64_Rela rel;
      std::memcpy(&rel, bytes.data() + s.offset + o, sizeof rel);
      auto v = static_cast<uint64_t>(rel.r_addend);
      if (code.in_code(v)) out.push_back(v);
    }
  }
}

}  // namespace

BranchTargets BranchTargets::collect(const ElfImage& image, const CodeMap& code) {
  std::vector<uint64_t> t;
  for (const auto& insn : code.insns()) {
    if ((insn.has(kDirectBranch) || insn.has(kRipRelative)) && code.in_code(insn.target))
      t.push_back(insn.target);
  }
  // Values read from data are only guesses: a guess that falls inside a decoded
  // instruction is not a code address (the sweep resynchronises at every known
  // function start), so only guesses at instruction starts are kept.
  std::vector<uint64_t> guesses;
  pc_relative_tables(image, code, guesses);
  data_pointers(image, code, guesses);
  relocation_addends(image, code, guesses);
  for (uint64_t g : guesses)
    if (code.index_at(g)) t.push_back(g);
  for (const auto& s : image.symbols())
    if (s.type != STT_SECTION && s.type != STT_FILE && s.type != STT_TLS && code.in_code(s.value))
      t.push_back(s.value);
  t.push_back(image.header().e_entry);
  std::sort(t.begin(), t.end());
  t.erase(std::unique(t.begin(), t.end()), t.end());
  return BranchTargets(std::move(t));
}

std::optional<uint64_t> BranchTargets::inside(uint64_t lo, uint64_t hi) const {
  auto it = std::upper_bound(targets_.begin(), targets_.end(), lo);
  if (it != targets_.end() && *it < hi) return *it;
  return std::nullopt;
}

bool BranchTargets::contains(uint64_t a) const {
  return std::binary_search(targets_.begin(), targets_.end(), a);
}

}  // namespace sysrw
