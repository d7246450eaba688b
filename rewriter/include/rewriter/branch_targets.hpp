// Addresses in the code that control may reach other than by falling through
// from the previous instruction, as far as they can be seen statically:
//  - direct jmp/jcc/call/loop targets,
//  - RIP-relative references into code (address-taken code, e.g. lea func(%rip)),
//  - 8-byte aligned values in data sections that point into code (function
//    pointers, absolute jump tables), and relocation addends (static-pie),
//  - entries of PC-relative jump tables (lea table(%rip) -> int32 entries),
//  - symbol values and the entry point.
// Values read from data (the 3rd and 4th kinds) count only where an
// instruction of the sweep starts; the others count wherever they point.
// Over-approximation only costs refused sites; missing a target could break
// the program, so every source is scanned.
#pragma once

#include <cstdint>
#include <vector>

#include "rewriter/code_map.hpp"
#include "rewriter/elf_image.hpp"

namespace sysrw {

class BranchTargets {
 public:
  static BranchTargets collect(const ElfImage& image, const CodeMap& code);
  explicit BranchTargets(std::vector<uint64_t> sorted) : targets_(std::move(sorted)) {}
  BranchTargets() = default;

  // First target t with lo < t < hi, if any.
  [[nodiscard]] std::optional<uint64_t> inside(uint64_t lo, uint64_t hi) const;
  [[nodiscard]] bool contains(uint64_t a) const;
  [[nodiscard]] const std::vector<uint64_t>& all() const { return targets_; }

 private:
  std::vector<uint64_t> targets_;
};

}  // namespace sysrw
