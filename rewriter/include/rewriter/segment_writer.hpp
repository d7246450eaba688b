// The new segment appended to the ELF and the output file's bytes.
//
// Output file = the input bytes (displaced bytes patched, e_phoff/e_phnum
// changed), zero padding, then one new R+X PT_LOAD holding:
//   [program header table: the old entries, the new PT_LOAD right after the
//    last old PT_LOAD (PT_LOADs stay sorted by address and the new one is
//    last, as the kernel expects), and a PT_NOTE with the rewriter's marker]
//   [the marker note]
//   [the trampolines, each 16-byte aligned]
// No existing address changes. PT_PHDR, when present, is moved to the new
// table. The segment is placed so that p_vaddr - p_offset equals that of the
// first PT_LOAD when the padding this needs is small: then even kernels that
// compute AT_PHDR as (first load bias + e_phoff) find the table (Linux >= 5.18
// looks the offset up in the PT_LOADs; glibc's static startup reads AT_PHDR).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rewriter/elf_image.hpp"
#include "rewriter/trampoline_builder.hpp"

namespace sysrw {

inline constexpr const char* kNoteOwner = "SYSRW";
inline constexpr uint32_t kNoteType = 0x53525731;  // "SRW1"
inline constexpr uint64_t kPageSize = 0x1000;
inline constexpr uint64_t kTrampolineAlign = 16;

struct SegmentLayout {
  uint64_t offset = 0;  // file offset of the new segment
  uint64_t vaddr = 0;
  size_t phnum = 0;      // entries of the new table
  uint64_t note_at = 0;  // offsets inside the segment
  uint64_t note_size = 0;
  uint64_t code_at = 0;  // first trampoline
  [[nodiscard]] uint64_t code_vaddr() const { return vaddr + code_at; }
};

SegmentLayout layout_segment(const ElfImage& input, uint64_t note_desc_size);

// `code`: the trampolines, assembled at layout.code_vaddr().
std::vector<uint8_t> write_output(const ElfImage& input, const SegmentLayout& layout,
                                  const std::string& note_desc, const std::vector<uint8_t>& code,
                                  const std::vector<Trampoline>& trampolines);

// --bind: stores `value` (little-endian, 8 bytes) at file offset `offset` of `out`.
void write_binding(std::vector<uint8_t>& out, uint64_t offset, uint64_t value);

}  // namespace sysrw
