// --target parsing, local: and kernel: targets (with a stand-in unikernel image
// built from snippets/kernel.S), and the call plan chosen from the callee.
#include "rewriter/target.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "rewriter/call_plan.hpp"
#include "rewriter/decoder.hpp"
#include "rewriter/hex.hpp"
#include "test_support.hpp"

namespace sysrw::test {
namespace {

uint64_t symbol_value(const ElfImage& img, const std::string& name) {
  for (const auto& s : img.symbols())
    if (s.name == name) return s.value;
  throw std::runtime_error("no symbol " + name);
}

// Mnemonics of the trampoline of the site in `function`.
std::vector<Decoded> trampoline_of(const RewriteResult& r, const std::string& function) {
  auto out = ElfImage::parse(r.output, "out");
  const SiteReport* s = site_in(r.report, function);
  if (!s || s->status != SiteReport::Status::kRewritten) throw std::runtime_error("not rewritten");
  std::vector<Decoded> v;
  Decoder dec;
  uint64_t a = s->trampoline;
  for (int i = 0; i < 40; ++i) {
    auto d = dec.decode(out.bytes_at(a, 15), a);
    if (!d) break;
    v.push_back(*d);
    if (d->mnemonic() == ZYDIS_MNEMONIC_JMP) break;
    a += d->length();
  }
  return v;
}

bool has_mnemonic(const std::vector<Decoded>& v, ZydisMnemonic m) {
  for (const auto& d : v)
    if (d.mnemonic() == m) return true;
  return false;
}

TEST(ParseTarget, Forms) {
  EXPECT_EQ(parse_target("passthrough").kind, TargetSpec::Kind::kPassthrough);
  auto l = parse_target("local:foo");
  EXPECT_EQ(l.kind, TargetSpec::Kind::kLocal);
  EXPECT_EQ(l.symbol, "foo");
  auto k = parse_target("kernel:/x/hermitux");
  EXPECT_EQ(k.kind, TargetSpec::Kind::kKernel);
  EXPECT_EQ(k.image, "/x/hermitux");
  EXPECT_EQ(k.symbol, "sys_ioctl");
  auto k2 = parse_target("kernel:/x/hermitux:dispatch");
  EXPECT_EQ(k2.symbol, "dispatch");
  EXPECT_THROW(parse_target("local:"), std::invalid_argument);
  EXPECT_THROW(parse_target("bogus"), std::invalid_argument);
}

RewriteOptions kernel_target(const std::string& symbol = "") {
  RewriteOptions o;
  o.target =
      parse_target("kernel:" + snippet("kernel").string() + (symbol.empty() ? "" : ":" + symbol));
  o.only_function = {"case_forward"};
  return o;
}

TEST(KernelTarget, CallsTheImageSymbolByAbsoluteAddress) {
  auto r = rewrite_snippet("cases", kernel_target());
  auto t = trampoline_of(r, "case_forward");
  uint64_t want = symbol_value(ElfImage::load(snippet("kernel")), "sys_ioctl");
  bool found = false;
  for (const auto& d : t)
    if (d.mnemonic() == ZYDIS_MNEMONIC_MOV && d.ops[1].type == ZYDIS_OPERAND_TYPE_IMMEDIATE &&
        d.ops[0].reg.value == ZYDIS_REGISTER_R11)
      found = d.ops[1].imm.value.u == want;
  EXPECT_TRUE(found) << "no movabs $sys_ioctl,%r11";
  EXPECT_TRUE(has_mnemonic(t, ZYDIS_MNEMONIC_CALL));
  EXPECT_FALSE(has_mnemonic(t, ZYDIS_MNEMONIC_SYSCALL));
}

TEST(KernelTarget, IntResultOfSysIoctlIsSignExtended) {
  // HermiTux: int sys_ioctl(...); callers of `syscall` compare 64-bit rax with -4095.
  auto t = trampoline_of(rewrite_snippet("cases", kernel_target()), "case_forward");
  EXPECT_TRUE(has_mnemonic(t, ZYDIS_MNEMONIC_MOVSXD));
  auto o = kernel_target();
  o.return_bits = 64;
  EXPECT_FALSE(has_mnemonic(trampoline_of(rewrite_snippet("cases", o), "case_forward"),
                            ZYDIS_MNEMONIC_MOVSXD));
  // A dispatcher's result is taken as 64-bit unless told otherwise.
  EXPECT_FALSE(has_mnemonic(
      trampoline_of(rewrite_snippet("cases", kernel_target("syscall_dispatch")), "case_forward"),
      ZYDIS_MNEMONIC_MOVSXD));
}

TEST(KernelTarget, RecordsTheImageIdentity) {
  auto r = rewrite_snippet("cases", kernel_target());
  auto note = rewrite_note(ElfImage::parse(r.output, "out"));
  EXPECT_NE(note.find("sha256=" + sha256_file(snippet("kernel"))), std::string::npos) << note;
  EXPECT_NE(note.find("symbol=sys_ioctl"), std::string::npos);
}

TEST(KernelTarget, MissingSymbolIsAnError) {
  try {
    rewrite_snippet("cases", kernel_target("no_such_function"));
    FAIL() << "accepted a missing symbol";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no function symbol 'no_such_function'"),
              std::string::npos)
        << e.what();
  }
}

TEST(KernelTarget, NonLeafDispatcherGetsTheFullSave) {
  auto r = rewrite_snippet("cases", kernel_target("syscall_dispatch"));
  auto t = trampoline_of(r, "case_forward");
  int pushes = 0;
  for (const auto& d : t) pushes += d.mnemonic() == ZYDIS_MNEMONIC_PUSH;
  EXPECT_EQ(pushes, 6 + 2);  // rdi rsi rdx r8 r9 r10 + the two alignment pushes
  EXPECT_TRUE(has_mnemonic(t, ZYDIS_MNEMONIC_PUSHFQ));
  EXPECT_TRUE(has_mnemonic(t, ZYDIS_MNEMONIC_AND));
}

TEST(KernelTarget, VectorClobberingCalleeIsRefused) {
  try {
    rewrite_snippet("cases", kernel_target("uses_sse"));
    FAIL() << "accepted a callee that writes xmm0";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("vector registers"), std::string::npos) << e.what();
  }
}

TEST(CallPlan, LeafSavesOnlyWhatItWrites) {
  auto kernel = ElfImage::load(snippet("kernel"));
  auto sym = [&](const std::string& n) {
    for (const auto& s : kernel.symbols())
      if (s.name == n) return s;
    throw std::runtime_error(n);
  };
  auto leaf = summarize_callee(kernel, sym("sys_ioctl").value, sym("sys_ioctl").size);
  ASSERT_TRUE(leaf.readable);
  auto p = make_call_plan(leaf, true);
  EXPECT_TRUE(p.saved.empty());
  EXPECT_FALSE(p.save_flags);
  EXPECT_FALSE(p.align_stack);

  auto some = summarize_callee(kernel, sym("clobbers_some").value, sym("clobbers_some").size);
  auto p2 = make_call_plan(some, true);
  EXPECT_EQ(p2.saved, (std::vector<ZydisRegister>{ZYDIS_REGISTER_RDI, ZYDIS_REGISTER_R8}));
  EXPECT_TRUE(p2.save_flags);  // xor writes the flags
  EXPECT_FALSE(make_call_plan(some, false).save_flags);

  auto dispatch =
      summarize_callee(kernel, sym("syscall_dispatch").value, sym("syscall_dispatch").size);
  EXPECT_FALSE(dispatch.readable);
  EXPECT_EQ(make_call_plan(dispatch, true).saved.size(), 6u);
}

TEST(LocalTarget, CallsTheSymbolWithCallRel32) {
  RewriteOptions o;
  o.target = parse_target("local:case_after_end");
  o.only_function = {"case_rip_relative"};
  auto r = rewrite_snippet("cases", o);
  auto t = trampoline_of(r, "case_rip_relative");
  uint64_t want = symbol_value(ElfImage::load(snippet("cases")), "case_after_end");
  bool found = false;
  for (const auto& d : t)
    if (d.mnemonic() == ZYDIS_MNEMONIC_CALL && d.ops[0].type == ZYDIS_OPERAND_TYPE_IMMEDIATE) {
      ZyanU64 a = 0;
      ZydisCalcAbsoluteAddress(&d.insn, &d.ops[0], d.addr, &a);
      found = a == want;
    }
  EXPECT_TRUE(found);
  // The function returns 0 instead of getpid's pid; the program still exits 45.
  TempDir dir;
  write_file(dir.path() / "cases", r.output);
  EXPECT_EQ(run_program(dir.path() / "cases"), 45);
}

TEST(LocalTarget, MissingSymbolIsAnError) {
  RewriteOptions o;
  o.target = parse_target("local:nope");
  EXPECT_THROW(rewrite_snippet("cases", o), InputError);
}

}  // namespace
}  // namespace sysrw::test

namespace sysrw::test {
namespace {

// The real HermiTux kernel of the install HERMITUX_PREFIX names, as the collector finds it
// (PREFIX/x86_64-hermit/extra/tests/hermitux); skipped, saying so, without one.
TEST(HermituxImage, SysIoctlAddressFromItsSymbolTable) {
  const char* prefix = std::getenv("HERMITUX_PREFIX");
  if (prefix == nullptr || *prefix == '\0')
    GTEST_SKIP() << "HERMITUX_PREFIX is not set: no HermiTux kernel to read";
  const std::string image =
      (std::filesystem::path(prefix) / "x86_64-hermit/extra/tests/hermitux").string();
  if (!std::filesystem::exists(image)) GTEST_SKIP() << image << " is missing";
  RewriteOptions o;
  o.target = parse_target("kernel:" + image);
  o.only_function = {"case_forward"};
  auto r = rewrite_snippet("cases", o);
  uint64_t want = symbol_value(ElfImage::load(image), "sys_ioctl");
  auto note = rewrite_note(ElfImage::parse(r.output, "out"));
  EXPECT_NE(note.find("addr=" + std::string(hex(want))), std::string::npos) << note;
  EXPECT_NE(note.find("sha256=" + sha256_file(image)), std::string::npos) << note;
  bool found = false;
  for (const auto& d : trampoline_of(r, "case_forward"))
    if (d.mnemonic() == ZYDIS_MNEMONIC_MOV && d.ops[1].type == ZYDIS_OPERAND_TYPE_IMMEDIATE &&
        d.ops[0].reg.value == ZYDIS_REGISTER_R11)
      found = d.ops[1].imm.value.u == want;
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace sysrw::test
