#include "rewriter/elf_image.hpp"

#include <gelf.h>
#include <libelf.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>

#include "rewriter/hex.hpp"

namespace sysrw {

namespace {

struct ElfCloser {
  void operator()(Elf* e) const { elf_end(e); }
};
using ElfHandle = std::unique_ptr<Elf, ElfCloser>;

InputError bad(const std::string& what, const std::string& why) {
  return InputError(what + ": " + why);
}

void check_range(const std::string& what, uint64_t off, uint64_t size, uint64_t file_size,
                 const std::string& part) {
  if (off > file_size || size > file_size - off)
    throw bad(what, "truncated file (" + part + " extends past the end of the file, offset " +
                        hex(off) + " size " + hex(size) + ", file size " + hex(file_size) + ")");
}

}  // namespace

ElfImage ElfImage::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open for reading");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad()) throw InputError(path.string() + ": read error");
  return parse(std::move(bytes), path.string());
}

namespace {

// The identification and the header tables, checked before libelf sees the bytes: a cut file
// gets a clear message.
void check_header(const std::string& w, const std::vector<uint8_t>& b) {
  if (b.size() < SELFMAG || std::memcmp(b.data(), ELFMAG, SELFMAG) != 0)
    throw bad(w, "not an ELF file");
  if (b.size() < EI_NIDENT) throw bad(w, "truncated file (ELF identification)");
  if (b[EI_CLASS] != ELFCLASS64) throw bad(w, "not a 64-bit ELF (only x86-64 is supported)");
  if (b[EI_DATA] != ELFDATA2LSB) throw bad(w, "not a little-endian ELF");
  if (b.size() < sizeof(Elf64_Ehdr)) throw bad(w, "truncated file (ELF header)");
  Elf64_Ehdr raw;
  std::memcpy(&raw, b.data(), sizeof raw);
  check_range(w, raw.e_phoff, uint64_t{raw.e_phnum} * sizeof(Elf64_Phdr), b.size(),
              "program header table");
  if (raw.e_shoff != 0)
    check_range(w, raw.e_shoff, std::max<uint64_t>(raw.e_shnum, 1) * sizeof(Elf64_Shdr), b.size(),
                "section header table");
}

GElf_Ehdr read_elf_header(const std::string& w, Elf* elf) {
  GElf_Ehdr eh;
  if (gelf_getehdr(elf, &eh) == nullptr)
    throw bad(w, std::string("cannot read the ELF header: ") + elf_errmsg(-1));
  if (eh.e_machine != EM_X86_64)
    throw bad(w, "not an x86-64 ELF (e_machine " + std::to_string(eh.e_machine) + ")");
  if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
    throw bad(w, "not an executable (e_type " + std::to_string(eh.e_type) + ")");
  return eh;
}

std::vector<Elf64_Phdr> read_program_headers(const std::string& w, Elf* elf, const GElf_Ehdr& eh,
                                             uint64_t file_size) {
  size_t phnum = 0;
  if (elf_getphdrnum(elf, &phnum) != 0)
    throw bad(w, std::string("cannot read program headers: ") + elf_errmsg(-1));
  if (phnum == 0) throw bad(w, "no program headers");
  check_range(w, eh.e_phoff, phnum * sizeof(Elf64_Phdr), file_size, "program header table");
  std::vector<Elf64_Phdr> phdrs;
  for (size_t i = 0; i < phnum; ++i) {
    GElf_Phdr ph;
    if (gelf_getphdr(elf, static_cast<int>(i), &ph) == nullptr)
      throw bad(w, "cannot read program header " + std::to_string(i) + ": " + elf_errmsg(-1));
    if (ph.p_type == PT_LOAD || ph.p_type == PT_NOTE || ph.p_type == PT_DYNAMIC)
      check_range(w, ph.p_offset, ph.p_filesz, file_size, "segment " + std::to_string(i));
    phdrs.push_back(Elf64_Phdr{ph.p_type, ph.p_flags, ph.p_offset, ph.p_vaddr, ph.p_paddr,
                               ph.p_filesz, ph.p_memsz, ph.p_align});
  }
  return phdrs;
}

void read_symbols(const std::string& w, Elf* elf, Elf_Scn* scn, const GElf_Shdr& sh,
                  std::vector<Symbol>& symbols) {
  Elf_Data* data = elf_getdata(scn, nullptr);
  if (data == nullptr) throw bad(w, "cannot read the symbol table");
  size_t count = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
  for (size_t i = 0; i < count; ++i) {
    GElf_Sym sym;
    if (gelf_getsym(data, static_cast<int>(i), &sym) == nullptr) continue;
    const char* sn = elf_strptr(elf, sh.sh_link, sym.st_name);
    symbols.push_back(Symbol{sn ? sn : "", sym.st_value, sym.st_size,
                             static_cast<unsigned char>(GELF_ST_TYPE(sym.st_info)), sym.st_shndx});
  }
}

bool needs_libraries(Elf_Scn* scn, const GElf_Shdr& sh) {
  Elf_Data* data = elf_getdata(scn, nullptr);
  size_t count = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
  for (size_t i = 0; data && i < count; ++i) {
    GElf_Dyn dyn;
    if (gelf_getdyn(data, static_cast<int>(i), &dyn) && dyn.d_tag == DT_NEEDED) return true;
  }
  return false;
}

}  // namespace

ElfImage ElfImage::parse(std::vector<uint8_t> bytes, std::string what) {
  ElfImage img;
  img.name_ = std::move(what);
  img.bytes_ = std::move(bytes);
  const std::string& w = img.name_;
  auto& b = img.bytes_;
  check_header(w, b);
  if (elf_version(EV_CURRENT) == EV_NONE) throw bad(w, "libelf initialisation failed");
  ElfHandle elf(elf_memory(reinterpret_cast<char*>(b.data()), b.size()));
  if (!elf || elf_kind(elf.get()) != ELF_K_ELF)
    throw bad(w, std::string("libelf cannot read it: ") + elf_errmsg(-1));
  const GElf_Ehdr eh = read_elf_header(w, elf.get());
  std::memcpy(&img.ehdr_, b.data(), sizeof(Elf64_Ehdr));
  img.phdrs_ = read_program_headers(w, elf.get(), eh, b.size());

  size_t shstrndx = 0;
  if (eh.e_shoff != 0) {
    size_t shnum = 0;
    if (elf_getshdrnum(elf.get(), &shnum) != 0 || elf_getshdrstrndx(elf.get(), &shstrndx) != 0)
      throw bad(w, std::string("cannot read section headers: ") + elf_errmsg(-1));
    check_range(w, eh.e_shoff, shnum * sizeof(Elf64_Shdr), b.size(), "section header table");
  }
  for (Elf_Scn* scn = elf_nextscn(elf.get(), nullptr); scn; scn = elf_nextscn(elf.get(), scn)) {
    GElf_Shdr sh;
    if (gelf_getshdr(scn, &sh) == nullptr)
      throw bad(w, std::string("cannot read a section header: ") + elf_errmsg(-1));
    const char* nm = elf_strptr(elf.get(), shstrndx, sh.sh_name);
    Section s{nm ? nm : "", sh.sh_type, sh.sh_flags,  sh.sh_addr,
              sh.sh_offset, sh.sh_size, sh.sh_entsize};
    if (s.has_file_bytes()) check_range(w, s.offset, s.size, b.size(), "section " + s.name);
    img.sections_.push_back(s);
    if (sh.sh_type == SHT_SYMTAB) read_symbols(w, elf.get(), scn, sh, img.symbols_);
    if (sh.sh_type == SHT_DYNAMIC && needs_libraries(scn, sh)) img.has_needed_ = true;
  }
  return img;
}

std::optional<std::string> ElfImage::dynamic_reason() const {
  for (const auto& p : phdrs_)
    if (p.p_type == PT_INTERP)
      return "dynamically linked executable (has PT_INTERP); only static binaries are supported";
  if (has_needed_)
    return "dynamically linked executable (DT_NEEDED entries); only static binaries are supported";
  // Without section headers, look at PT_DYNAMIC directly.
  for (const auto& p : phdrs_) {
    if (p.p_type != PT_DYNAMIC) continue;
    for (uint64_t o = 0; o + sizeof(Elf64_Dyn) <= p.p_filesz; o += sizeof(Elf64_Dyn)) {
      Elf64_Dyn d;
      std::memcpy(&d, bytes_.data() + p.p_offset + o, sizeof d);
      if (d.d_tag == DT_NULL) break;
      if (d.d_tag == DT_NEEDED)
        return "dynamically linked executable (DT_NEEDED entries); only static binaries are "
               "supported";
    }
  }
  return std::nullopt;
}

std::vector<MappedRange> ElfImage::code_ranges() const {
  std::vector<MappedRange> out;
  for (const auto& s : sections_)
    if (s.allocated() && s.executable() && s.has_file_bytes() && s.size > 0)
      out.push_back({s.addr, s.offset, s.size});
  if (sections_.empty())
    for (const auto& p : phdrs_)
      if (p.p_type == PT_LOAD && (p.p_flags & PF_X) && p.p_filesz > 0)
        out.push_back({p.p_vaddr, p.p_offset, p.p_filesz});
  return out;
}

std::vector<MappedRange> ElfImage::data_ranges() const {
  std::vector<MappedRange> out;
  for (const auto& s : sections_)
    if (s.allocated() && !s.executable() && s.has_file_bytes() && s.size > 0)
      out.push_back({s.addr, s.offset, s.size});
  if (sections_.empty())
    for (const auto& p : phdrs_)
      if (p.p_type == PT_LOAD && !(p.p_flags & PF_X) && p.p_filesz > 0)
        out.push_back({p.p_vaddr, p.p_offset, p.p_filesz});
  return out;
}

std::optional<uint64_t> ElfImage::offset_of(uint64_t addr) const {
  for (const auto& p : phdrs_)
    if (p.p_type == PT_LOAD && addr >= p.p_vaddr && addr - p.p_vaddr < p.p_filesz)
      return p.p_offset + (addr - p.p_vaddr);
  return std::nullopt;
}

std::span<const uint8_t> ElfImage::bytes_at(uint64_t addr, uint64_t size) const {
  for (const auto& p : phdrs_) {
    if (p.p_type != PT_LOAD || addr < p.p_vaddr) continue;
    uint64_t rel = addr - p.p_vaddr;
    if (rel < p.p_filesz && size <= p.p_filesz - rel)
      return {bytes_.data() + p.p_offset + rel, size};
  }
  return {};
}

std::vector<std::vector<uint8_t>> ElfImage::notes(const std::string& owner, uint32_t type) const {
  std::vector<std::pair<uint64_t, uint64_t>> areas;
  for (const auto& p : phdrs_)
    if (p.p_type == PT_NOTE) areas.emplace_back(p.p_offset, p.p_filesz);
  for (const auto& s : sections_)
    if (s.type == SHT_NOTE) areas.emplace_back(s.offset, s.size);
  std::vector<std::vector<uint8_t>> out;
  for (auto [off, size] : areas) {
    uint64_t o = 0;
    while (o + sizeof(Elf64_Nhdr) <= size) {
      Elf64_Nhdr nh;
      std::memcpy(&nh, bytes_.data() + off + o, sizeof nh);
      uint64_t name_at = o + sizeof nh;
      uint64_t desc_at = name_at + ((nh.n_namesz + 3u) & ~3u);
      uint64_t next = desc_at + ((nh.n_descsz + 3u) & ~3u);
      if (next > size) break;
      std::string nm(reinterpret_cast<const char*>(bytes_.data() + off + name_at),
                     nh.n_namesz ? nh.n_namesz - 1 : 0);
      if (nm == owner && nh.n_type == type) {
        const uint8_t* d = bytes_.data() + off + desc_at;
        std::vector<uint8_t> desc(d, d + nh.n_descsz);
        // A segment and a section may cover the same note: report it once.
        if (std::find(out.begin(), out.end(), desc) == out.end()) out.push_back(std::move(desc));
      }
      o = next;
    }
  }
  return out;
}

std::string ElfImage::build_id() const {
  auto ids = notes("GNU", NT_GNU_BUILD_ID);
  if (ids.empty()) return "";
  std::string s;
  for (uint8_t c : ids.front()) s += hex_byte(c);
  return s;
}

}  // namespace sysrw
