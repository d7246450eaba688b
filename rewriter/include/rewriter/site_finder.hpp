// The `syscall` instructions of a binary and, when it can be seen, the system
// call number each one makes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rewriter/branch_targets.hpp"
#include "rewriter/code_map.hpp"
#include "rewriter/elf_image.hpp"
#include "rewriter/function_bounds.hpp"

namespace sysrw {

struct SyscallSite {
  uint64_t addr = 0;
  size_t index = 0;            // in CodeMap::insns()
  std::optional<uint64_t> nr;  // known when `mov $imm, %eax` reaches it in its basic block
  std::string function;        // containing function, "" when unknown
};

// Walks back from the syscall within its basic block (stops at a known branch
// target, after a branch/call/ret, or at undecodable bytes) to the last write
// of rax; the number is known only when that write is `mov $imm, %eax/%rax`.
std::optional<uint64_t> syscall_number(const ElfImage& image, const CodeMap& code,
                                       const BranchTargets& targets, size_t index);

std::vector<SyscallSite> find_syscall_sites(const ElfImage& image, const CodeMap& code,
                                            const BranchTargets& targets,
                                            const FunctionBounds& bounds);

}  // namespace sysrw
