// What a rewritten syscall site does instead of trapping into the kernel.
//   passthrough          the trampoline re-issues the real `syscall`
//   local:SYMBOL         calls SYMBOL of the rewritten binary itself (call rel32)
//   kernel:IMAGE[:SYM]   calls SYM (default sys_ioctl) of a unikernel image
//                        loaded in the same address space, at the absolute
//                        address of IMAGE's symbol table (movabs + call *%r11)
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "rewriter/call_plan.hpp"
#include "rewriter/elf_image.hpp"

namespace sysrw {

struct TargetSpec {
  enum class Kind { kPassthrough, kLocal, kKernel };
  Kind kind = Kind::kPassthrough;
  std::string symbol;
  std::filesystem::path image;  // kernel: only
};

// Throws std::invalid_argument with a usage message.
TargetSpec parse_target(const std::string& text);

struct ResolvedTarget {
  TargetSpec spec;
  uint64_t address = 0;   // function to call (not for passthrough)
  bool absolute = false;  // movabs + call *%r11 instead of call rel32
  // kernel: identity of the image, recorded in the output's note.
  std::string image_sha256;
  std::string image_build_id;
  CalleeSummary callee;            // what decoding the called function shows
  bool image_uses_vector = false;  // kernel: any x87/MMX/SSE/AVX register in its code
  std::vector<std::pair<uint64_t, uint64_t>> image_ranges;  // kernel: its PT_LOADs [lo, hi)
  [[nodiscard]] std::string describe() const;               // one line, stored in the note
};

// Resolves the symbol: in `binary` for local:, in the image for kernel:.
// Throws InputError with what to do when the symbol is missing or unusable.
ResolvedTarget resolve_target(const TargetSpec& spec, const ElfImage& binary);

// sha256 of a file, lowercase hex (OpenSSL).
std::string sha256_file(const std::filesystem::path& path);

}  // namespace sysrw
