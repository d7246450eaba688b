// A static x86-64 ELF executable held in memory, parsed with libelf.
// The bytes are a private copy: nothing here ever writes back to the file.
#pragma once

#include <elf.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace sysrw {

// Thrown for inputs the rewriter refuses (not an ELF, 32-bit, dynamic, ...).
// The message is one line meant for the user.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Section {
  std::string name;
  uint32_t type = 0;
  uint64_t flags = 0;
  uint64_t addr = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  uint64_t entsize = 0;
  [[nodiscard]] bool executable() const { return (flags & SHF_EXECINSTR) != 0; }
  [[nodiscard]] bool allocated() const { return (flags & SHF_ALLOC) != 0; }
  [[nodiscard]] bool has_file_bytes() const { return type != SHT_NOBITS; }
};

struct Symbol {
  std::string name;
  uint64_t value = 0;
  uint64_t size = 0;
  unsigned char type = 0;  // STT_*
  uint16_t shndx = 0;
};

// A range of the file mapped at [addr, addr + size) (file-backed bytes only).
struct MappedRange {
  uint64_t addr = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  [[nodiscard]] uint64_t end() const { return addr + size; }
  [[nodiscard]] bool contains(uint64_t a) const { return a >= addr && a < end(); }
};

class ElfImage {
 public:
  // Parses `bytes` (a whole file). `what` names it in error messages.
  // Accepts only ELF64 x86-64 ET_EXEC/ET_DYN; does not judge static vs dynamic.
  static ElfImage parse(std::vector<uint8_t> bytes, std::string what);
  static ElfImage load(const std::filesystem::path& path);

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::vector<uint8_t>& bytes() const { return bytes_; }
  [[nodiscard]] const Elf64_Ehdr& header() const { return ehdr_; }
  [[nodiscard]] const std::vector<Elf64_Phdr>& segments() const { return phdrs_; }
  [[nodiscard]] const std::vector<Section>& sections() const { return sections_; }
  [[nodiscard]] const std::vector<Symbol>& symbols() const { return symbols_; }
  [[nodiscard]] bool is_pie() const { return ehdr_.e_type == ET_DYN; }

  // Why this is not a static executable (PT_INTERP, DT_NEEDED), or nullopt.
  [[nodiscard]] std::optional<std::string> dynamic_reason() const;

  // Executable, file-backed code: SHF_EXECINSTR sections, or executable
  // PT_LOADs when the file has no section headers.
  [[nodiscard]] std::vector<MappedRange> code_ranges() const;
  // Allocated, file-backed, non-executable data that may hold code pointers.
  [[nodiscard]] std::vector<MappedRange> data_ranges() const;

  // File bytes backing [addr, addr + size), empty when not fully file-backed.
  [[nodiscard]] std::span<const uint8_t> bytes_at(uint64_t addr, uint64_t size) const;
  [[nodiscard]] std::optional<uint64_t> offset_of(uint64_t addr) const;

  // Descriptors of PT_NOTE segments and SHT_NOTE sections with owner `owner`.
  [[nodiscard]] std::vector<std::vector<uint8_t>> notes(const std::string& owner,
                                                        uint32_t type) const;
  // NT_GNU_BUILD_ID as hex, or "" when absent.
  [[nodiscard]] std::string build_id() const;

 private:
  std::string name_;
  std::vector<uint8_t> bytes_;
  Elf64_Ehdr ehdr_{};
  std::vector<Elf64_Phdr> phdrs_;
  std::vector<Section> sections_;
  std::vector<Symbol> symbols_;
  bool has_needed_ = false;
};

}  // namespace sysrw
