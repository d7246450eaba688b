#include "rewriter/segment_writer.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "rewriter/hex.hpp"

namespace sysrw {

static_assert(std::endian::native == std::endian::little,
              "ELF structures are copied as they are: x86-64 hosts only");

namespace {

constexpr uint64_t kMaxPadding = 64ull << 20;  // bytes of zeroes we accept to keep the bias

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

uint64_t note_size(uint64_t desc_size) {
  return sizeof(Elf64_Nhdr) + align_up(std::strlen(kNoteOwner) + 1, 4) + align_up(desc_size, 4);
}

}  // namespace

SegmentLayout layout_segment(const ElfImage& input, uint64_t note_desc_size) {
  const auto& phdrs = input.segments();
  uint64_t max_end = 0;
  const Elf64_Phdr* first = nullptr;
  for (const auto& p : phdrs) {
    if (p.p_type != PT_LOAD) continue;
    max_end = std::max(max_end, p.p_vaddr + p.p_memsz);
    if (!first || p.p_vaddr < first->p_vaddr) first = &p;
  }
  if (!first) throw InputError(input.name() + ": no PT_LOAD segment");

  SegmentLayout l;
  l.phnum = phdrs.size() + 2;
  uint64_t file_end = align_up(input.bytes().size(), kPageSize);
  uint64_t vaddr_end = align_up(max_end, kPageSize);
  uint64_t bias = first->p_vaddr - first->p_offset;
  if ((bias % kPageSize) == 0 && vaddr_end >= bias) {
    uint64_t off = std::max(file_end, vaddr_end - bias);
    if (off - file_end <= kMaxPadding) {
      l.offset = off;
      l.vaddr = off + bias;
    }
  }
  if (l.vaddr == 0) {
    l.offset = file_end;
    l.vaddr = vaddr_end;
  }
  l.note_at = l.phnum * sizeof(Elf64_Phdr);
  l.note_size = note_size(note_desc_size);
  l.code_at = align_up(l.note_at + l.note_size, kTrampolineAlign);
  return l;
}

std::vector<uint8_t> write_output(const ElfImage& input, const SegmentLayout& l,
                                  const std::string& note_desc, const std::vector<uint8_t>& code,
                                  const std::vector<Trampoline>& trampolines) {
  std::vector<uint8_t> out = input.bytes();

  for (const auto& t : trampolines) {
    auto off = input.offset_of(t.patch_start);
    if (!off || t.patch.size() != t.patch_end - t.patch_start)
      throw std::logic_error("patch at " + hex(t.patch_start) + " is not file-backed");
    std::copy(t.patch.begin(), t.patch.end(), out.begin() + static_cast<ptrdiff_t>(*off));
  }

  const uint64_t seg_size = l.code_at + code.size();
  Elf64_Phdr load{};
  load.p_type = PT_LOAD;
  load.p_flags = PF_R | PF_X;
  load.p_offset = l.offset;
  load.p_vaddr = load.p_paddr = l.vaddr;
  load.p_filesz = load.p_memsz = seg_size;
  load.p_align = kPageSize;
  Elf64_Phdr note{};
  note.p_type = PT_NOTE;
  note.p_flags = PF_R;
  note.p_offset = l.offset + l.note_at;
  note.p_vaddr = note.p_paddr = l.vaddr + l.note_at;
  note.p_filesz = note.p_memsz = l.note_size;
  note.p_align = 4;

  std::vector<Elf64_Phdr> table;
  const auto& old = input.segments();
  size_t last_load = 0;
  for (size_t i = 0; i < old.size(); ++i)
    if (old[i].p_type == PT_LOAD) last_load = i;
  for (size_t i = 0; i < old.size(); ++i) {
    Elf64_Phdr p = old[i];
    if (p.p_type == PT_PHDR) {
      p.p_offset = l.offset;
      p.p_vaddr = p.p_paddr = l.vaddr;
      p.p_filesz = p.p_memsz = l.phnum * sizeof(Elf64_Phdr);
    }
    table.push_back(p);
    if (i == last_load) table.push_back(load);
  }
  table.push_back(note);
  if (table.size() != l.phnum) throw std::logic_error("program header count mismatch");

  std::vector<uint8_t> seg(seg_size, 0);
  std::memcpy(seg.data(), table.data(), table.size() * sizeof(Elf64_Phdr));
  Elf64_Nhdr nh{};
  nh.n_namesz = static_cast<Elf64_Word>(std::strlen(kNoteOwner) + 1);
  nh.n_descsz = static_cast<Elf64_Word>(note_desc.size());
  nh.n_type = kNoteType;
  uint8_t* n = seg.data() + l.note_at;
  std::memcpy(n, &nh, sizeof nh);
  // Owner then descriptor, each padded to 4 bytes (seg is zero-filled: the
  // owner's NUL and the padding are already there).
  const std::string_view owner(kNoteOwner);
  std::copy(owner.begin(), owner.end(), n + sizeof nh);
  std::copy(note_desc.begin(), note_desc.end(), n + sizeof nh + align_up(nh.n_namesz, 4));
  std::fill(seg.begin() + static_cast<ptrdiff_t>(l.note_at + l.note_size),
            seg.begin() + static_cast<ptrdiff_t>(l.code_at), 0xcc);
  std::copy(code.begin(), code.end(), seg.begin() + static_cast<ptrdiff_t>(l.code_at));

  out.resize(l.offset, 0);
  out.insert(out.end(), seg.begin(), seg.end());

  Elf64_Ehdr eh = input.header();
  if (l.phnum >= PN_XNUM) throw InputError(input.name() + ": too many program headers");
  eh.e_phoff = l.offset;
  eh.e_phnum = static_cast<Elf64_Half>(l.phnum);
  std::memcpy(out.data(), &eh, sizeof eh);
  return out;
}

void write_binding(std::vector<uint8_t>& out, uint64_t offset, uint64_t value) {
  if (offset > out.size() || out.size() - offset < sizeof value)
    throw std::logic_error("bound pointer at file offset " + hex(offset) + " is past the end");
  std::memcpy(out.data() + offset, &value, sizeof value);
}

}  // namespace sysrw
