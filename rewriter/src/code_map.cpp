#include "rewriter/code_map.hpp"

#include <algorithm>

namespace sysrw {

CodeMap CodeMap::sweep(const ElfImage& image, const std::vector<uint64_t>& sync_points) {
  CodeMap map;
  map.ranges_ = image.code_ranges();
  std::sort(map.ranges_.begin(), map.ranges_.end(),
            [](const MappedRange& a, const MappedRange& b) { return a.addr < b.addr; });
  std::vector<uint64_t> sync(sync_points);
  std::sort(sync.begin(), sync.end());
  sync.erase(std::unique(sync.begin(), sync.end()), sync.end());

  Decoder decoder;
  const auto& bytes = image.bytes();
  for (uint32_t r = 0; r < map.ranges_.size(); ++r) {
    const auto& range = map.ranges_[r];
    auto next_sync = std::upper_bound(sync.begin(), sync.end(), range.addr);
    uint64_t a = range.addr;
    while (a < range.end()) {
      // Stop this run at the next sync point: an instruction decoded across it
      // means the sweep was out of step, and it restarts there.
      while (next_sync != sync.end() && *next_sync <= a) ++next_sync;
      uint64_t limit = range.end();
      if (next_sync != sync.end() && *next_sync < limit) limit = *next_sync;
      const uint8_t* p = bytes.data() + range.offset + (a - range.addr);
      auto d = decoder.decode({p, static_cast<size_t>(limit - a)}, a);
      Insn insn;
      if (d) {
        insn = Decoder::summarize(*d);
      } else {
        insn.addr = a;
        insn.length = 1;
        insn.flags = kInvalid | kNoFallThrough;
      }
      map.insns_.push_back(insn);
      map.range_of_.push_back(r);
      a += insn.length;
    }
  }
  return map;
}

std::optional<size_t> CodeMap::index_at(uint64_t addr) const {
  auto it = std::lower_bound(insns_.begin(), insns_.end(), addr,
                             [](const Insn& i, uint64_t v) { return i.addr < v; });
  if (it == insns_.end() || it->addr != addr) return std::nullopt;
  return static_cast<size_t>(it - insns_.begin());
}

bool CodeMap::contiguous(size_t i) const {
  return i + 1 < insns_.size() && range_of_[i] == range_of_[i + 1] &&
         insns_[i].end() == insns_[i + 1].addr;
}

bool CodeMap::in_code(uint64_t addr) const {
  return std::any_of(ranges_.begin(), ranges_.end(),
                     [addr](const MappedRange& r) { return r.contains(addr); });
}

}  // namespace sysrw
