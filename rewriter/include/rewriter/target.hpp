// What a rewritten syscall site does instead of trapping into the kernel.
//   passthrough          the trampoline re-issues the real `syscall`
//   local:SYMBOL         calls SYMBOL of the rewritten binary itself (call rel32)
//   kernel:IMAGE[:SYM]   calls SYM (default sys_ioctl) of a unikernel image
//                        loaded in the same address space, at the absolute
//                        address of IMAGE's symbol table (movabs + call *%r11)
//   int3                 no trampoline: the 2-byte `syscall` becomes `int3; nop`,
//                        for a SIGTRAP handler in the process to serve the call
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
  enum class Kind { kPassthrough, kLocal, kKernel, kInt3 };
  Kind kind = Kind::kPassthrough;
  std::string symbol;
  std::filesystem::path image;  // kernel: only
  // local: and kernel: call a function (with a call plan); the others do not.
  [[nodiscard]] bool calls_function() const {
    return kind == Kind::kLocal || kind == Kind::kKernel;
  }
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

// --bind SYMBOL=kernel:IMAGE[:FUNC]: the 8-byte data object SYMBOL of the
// binary (a function pointer in .data) is set in the output to the absolute
// address of FUNC (default sys_ioctl) in IMAGE, resolved and checked exactly as
// for --target kernel:IMAGE[:FUNC].
struct BindSpec {
  std::string symbol;  // in the binary
  TargetSpec kernel;   // kind kKernel
};

// Throws std::invalid_argument with a usage message.
BindSpec parse_bind(const std::string& text);

struct ResolvedBind {
  BindSpec spec;
  ResolvedTarget function;   // FUNC in IMAGE: address, sha256, build-id, image ranges
  uint64_t slot = 0;         // address of SYMBOL
  uint64_t slot_offset = 0;  // its file offset
  uint64_t old_value = 0;    // what the input holds there
  [[nodiscard]] std::string describe() const;  // one line, stored in the note
};

// Checks SYMBOL (STT_OBJECT, 8 bytes, in an allocated writable PROGBITS
// section, binary not position independent) and resolves FUNC in the image.
// Throws InputError saying what is wrong.
ResolvedBind resolve_bind(const BindSpec& spec, const ElfImage& binary);

// sha256 of a file, lowercase hex (common/sha256_file.hpp); an unreadable file is an InputError.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace sysrw
