#include "rewriter/function_bounds.hpp"

#include <algorithm>

namespace sysrw {

FunctionBounds FunctionBounds::from_symbols(const ElfImage& image) {
  FunctionBounds fb;
  auto code = image.code_ranges();
  auto in_code = [&](uint64_t a) {
    return std::any_of(code.begin(), code.end(),
                       [a](const MappedRange& r) { return r.contains(a); });
  };
  for (const auto& s : image.symbols()) {
    if (s.type != STT_FUNC && s.type != STT_GNU_IFUNC) continue;
    if (s.shndx == SHN_UNDEF || !in_code(s.value)) continue;
    fb.funcs_.push_back({s.value, s.value + s.size, s.name});
    fb.boundaries_.push_back(s.value);
    if (s.size > 0) fb.boundaries_.push_back(s.value + s.size);
  }
  fb.from_symbols_ = !fb.funcs_.empty();
  for (const auto& r : code) {
    fb.boundaries_.push_back(r.addr);
    fb.boundaries_.push_back(r.end());
  }
  fb.finish();
  return fb;
}

void FunctionBounds::add_fallback(const CodeMap& code) {
  for (const auto& insn : code.insns())
    if (insn.has(kDirectBranch) && code.in_code(insn.target)) boundaries_.push_back(insn.target);
  finish();
}

void FunctionBounds::finish() {
  std::sort(boundaries_.begin(), boundaries_.end());
  boundaries_.erase(std::unique(boundaries_.begin(), boundaries_.end()), boundaries_.end());
  std::sort(funcs_.begin(), funcs_.end(),
            [](const Func& a, const Func& b) { return a.start < b.start; });
}

std::vector<uint64_t> FunctionBounds::starts() const {
  std::vector<uint64_t> s;
  s.reserve(funcs_.size());
  for (const auto& f : funcs_) s.push_back(f.start);
  return s;
}

std::optional<uint64_t> FunctionBounds::inside(uint64_t lo, uint64_t hi) const {
  auto it = std::upper_bound(boundaries_.begin(), boundaries_.end(), lo);
  if (it != boundaries_.end() && *it < hi) return *it;
  return std::nullopt;
}

std::string FunctionBounds::function_at(uint64_t addr) const {
  auto it = std::upper_bound(funcs_.begin(), funcs_.end(), addr,
                             [](uint64_t a, const Func& f) { return a < f.start; });
  while (it != funcs_.begin()) {
    --it;
    if (addr >= it->start && (addr < it->end || (it->end == it->start && addr == it->start)))
      return it->name;
    if (it->end > it->start) break;  // sized and not containing: stop
  }
  return "";
}

}  // namespace sysrw
