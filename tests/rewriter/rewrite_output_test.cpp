// The rewritten file: it runs, its layout is what the kernel and glibc need,
// it is marked, and the verifier catches a broken output.
#include <gtest/gtest.h>

#include "rewriter/segment_writer.hpp"
#include "rewriter/verifier.hpp"
#include "test_support.hpp"

namespace sysrw::test {
namespace {

TEST(RewriteOutput, RewrittenSnippetRunsWithTheSameStatus) {
  TempDir dir;
  ASSERT_EQ(run_program(snippet("cases")), 45);
  auto r = rewrite_snippet("cases");
  write_file(dir.path() / "cases", r.output);
  // 42 read RIP-relative after the syscall + 3 from the moved jz: 45.
  EXPECT_EQ(run_program(dir.path() / "cases"), 45);
}

TEST(RewriteOutput, StaticPieRuns) {
  TempDir dir;
  ASSERT_EQ(run_program(snippet("cases-pie")), 45);
  auto r = rewrite_snippet("cases-pie");
  EXPECT_GE(r.report.count(SiteReport::Status::kRewritten), 6u);
  write_file(dir.path() / "cases-pie", r.output);
  EXPECT_EQ(run_program(dir.path() / "cases-pie"), 45);
}

TEST(RewriteOutput, NewSegmentIsTheLastLoadAndHoldsThePhdrs) {
  auto in = ElfImage::load(snippet("cases"));
  auto r = rewrite(in, {});
  auto out = ElfImage::parse(r.output, "out");
  ASSERT_EQ(out.segments().size(), in.segments().size() + 2);
  const Elf64_Phdr* last = nullptr;
  uint64_t prev_vaddr = 0;
  for (const auto& p : out.segments()) {
    if (p.p_type != PT_LOAD) continue;
    EXPECT_GE(p.p_vaddr, prev_vaddr);
    prev_vaddr = p.p_vaddr;
    last = &p;
  }
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(last->p_flags, static_cast<Elf64_Word>(PF_R | PF_X));
  EXPECT_EQ(out.header().e_phoff, last->p_offset);  // table at the start of the segment
  // Same load bias as the first PT_LOAD: AT_PHDR is right on every kernel.
  EXPECT_EQ(last->p_vaddr - last->p_offset, 0x400000u);
  // The input's bytes are unchanged in the input object.
  EXPECT_EQ(in.bytes(), ElfImage::load(snippet("cases")).bytes());
}

TEST(RewriteOutput, PatchedSiteIsJmpPlusInt3) {
  auto in = ElfImage::load(snippet("cases"));
  auto r = rewrite(in, {});
  auto out = ElfImage::parse(r.output, "out");
  const SiteReport* s = site_in(r.report, "case_forward");
  ASSERT_NE(s, nullptr);
  auto bytes = out.bytes_at(s->patch_start, s->patch_end - s->patch_start);
  ASSERT_EQ(bytes.size(), 8u);
  EXPECT_EQ(bytes[0], 0xe9);
  for (size_t i = 5; i < bytes.size(); ++i) EXPECT_EQ(bytes[i], 0xcc);
}

TEST(RewriteOutput, MarkedAndRefusedTheSecondTime) {
  auto r = rewrite_snippet("cases");
  auto out = ElfImage::parse(r.output, "once");
  EXPECT_NE(rewrite_note(out).find("target=passthrough"), std::string::npos);
  try {
    rewrite(out, {});
    FAIL() << "a rewritten binary was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("already rewritten"), std::string::npos);
  }
}

TEST(RewriteOutput, VerifierCatchesAWrongJump) {
  RewriteOptions o;
  o.before_verify = [](std::vector<uint8_t>& out) {
    auto img = ElfImage::parse(out, "tamper");
    auto code = img.code_ranges();
    // The first site of case_forward is at a known place: find its jmp (e9).
    for (const auto& r : code)
      for (uint64_t off = r.offset; off < r.offset + r.size; ++off)
        if (out[off] == 0xe9 && out[off + 5] == 0xcc) {
          out[off + 1] ^= 0x10;  // jump somewhere else
          return;
        }
  };
  EXPECT_THROW(rewrite_snippet("cases", o), VerifyError);
}

TEST(RewriteOutput, VerifierCatchesAChangedByte) {
  RewriteOptions o;
  o.before_verify = [](std::vector<uint8_t>& out) { out[0x1001] ^= 1; };  // inside _start
  EXPECT_THROW(rewrite_snippet("cases", o), VerifyError);
}

TEST(RewriteOutput, VerifierCatchesABrokenTrampoline) {
  RewriteOptions o;
  o.before_verify = [](std::vector<uint8_t>& out) {
    auto img = ElfImage::parse(out, "tamper");
    const auto& last = img.segments()[img.header().e_phnum - 1];  // our PT_NOTE
    // The trampolines follow the note; turn the first syscall into nops.
    for (uint64_t off = last.p_offset + last.p_filesz; off + 1 < out.size(); ++off)
      if (out[off] == 0x0f && out[off + 1] == 0x05) {
        out[off] = out[off + 1] = 0x90;
        return;
      }
  };
  EXPECT_THROW(rewrite_snippet("cases", o), VerifyError);
}

}  // namespace
}  // namespace sysrw::test
