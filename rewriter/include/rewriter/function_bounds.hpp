// Function boundaries: from the symbol table when it has function symbols;
// when stripped, every section start/end and every direct call or branch
// target counts as a boundary (a conservative stand-in for unknown functions).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "rewriter/code_map.hpp"
#include "rewriter/elf_image.hpp"

namespace sysrw {

class FunctionBounds {
 public:
  static FunctionBounds from_symbols(const ElfImage& image);
  // Adds the stripped-binary fallback boundaries (needs the decoded code).
  void add_fallback(const CodeMap& code);

  [[nodiscard]] bool from_symbol_table() const { return from_symbols_; }
  // Function starts (symbol values), used to resynchronise the sweep.
  [[nodiscard]] std::vector<uint64_t> starts() const;
  // First boundary b with lo < b < hi, if any.
  [[nodiscard]] std::optional<uint64_t> inside(uint64_t lo, uint64_t hi) const;
  // The name of the function containing `addr` ("" when unknown).
  [[nodiscard]] std::string function_at(uint64_t addr) const;

 private:
  struct Func {
    uint64_t start;
    uint64_t end;
    std::string name;
  };
  void finish();
  bool from_symbols_ = false;
  std::vector<Func> funcs_;           // sorted by start
  std::vector<uint64_t> boundaries_;  // sorted, unique
};

}  // namespace sysrw
