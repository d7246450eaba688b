// Every instruction of the binary's executable code, found by a linear sweep
// with Zydis. The sweep restarts at every known function start so that data or
// padding between functions cannot leave it out of step.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "rewriter/decoder.hpp"
#include "rewriter/elf_image.hpp"

namespace sysrw {

class CodeMap {
 public:
  // `sync_points`: addresses where an instruction is known to start (function
  // symbols, entry point); may be empty.
  static CodeMap sweep(const ElfImage& image, const std::vector<uint64_t>& sync_points);

  [[nodiscard]] const std::vector<Insn>& insns() const { return insns_; }
  [[nodiscard]] const std::vector<MappedRange>& ranges() const { return ranges_; }
  // Index of the instruction starting exactly at `addr`.
  [[nodiscard]] std::optional<size_t> index_at(uint64_t addr) const;
  // True when insns()[i] and insns()[i + 1] are adjacent in the same range.
  [[nodiscard]] bool contiguous(size_t i) const;
  [[nodiscard]] bool in_code(uint64_t addr) const;

 private:
  std::vector<Insn> insns_;
  std::vector<MappedRange> ranges_;
  std::vector<uint32_t> range_of_;  // range index of each instruction
};

}  // namespace sysrw
