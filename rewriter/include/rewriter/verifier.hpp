// Checks a rewritten binary before it is written out: parses it again with
// libelf, compares it byte by byte with the input outside the patched windows,
// and re-decodes every patched window and every trampoline with Zydis to check
// that each does what was planned, and that a --bind pointer holds the bound
// address. Throws VerifyError naming the first problem.
#pragma once

#include <stdexcept>
#include <vector>

#include "rewriter/code_map.hpp"
#include "rewriter/elf_image.hpp"
#include "rewriter/segment_writer.hpp"
#include "rewriter/site_planner.hpp"
#include "rewriter/target.hpp"
#include "rewriter/trampoline_builder.hpp"

namespace sysrw {

struct VerifyError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct VerifyInput {
  const ElfImage& input;
  const CodeMap& code;  // of the input
  const SegmentLayout& layout;
  const ResolvedTarget& target;
  const TrampolineOptions& options;
  const std::vector<Window>& windows;  // parallel to trampolines
  const std::vector<Trampoline>& trampolines;
  const ResolvedBind* bind = nullptr;  // --bind, if given
};

void verify_output(const std::vector<uint8_t>& output, const VerifyInput& v);

}  // namespace sysrw
