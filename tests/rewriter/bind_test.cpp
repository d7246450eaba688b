// --bind SYMBOL=kernel:IMAGE[:FUNC]: a function pointer of the binary set to a
// function of the stand-in unikernel image (snippets/bound.S, snippets/kernel.S).
#include <gtest/gtest.h>

#include <cstring>

#include "rewriter/cli.hpp"
#include "rewriter/hex.hpp"
#include "rewriter/target.hpp"
#include "rewriter/verifier.hpp"
#include "test_support.hpp"

namespace sysrw::test {
namespace {

const Symbol& symbol(const ElfImage& img, const std::string& name) {
  for (const auto& s : img.symbols())
    if (s.name == name) return s;
  throw std::runtime_error("no symbol " + name);
}

// The 8 bytes at `name`'s file offset in `bytes` (a whole file).
uint64_t slot_value(const std::vector<uint8_t>& bytes, const std::string& name) {
  auto img = ElfImage::parse(bytes, "slot");
  auto off = img.offset_of(symbol(img, name).value);
  if (!off) throw std::runtime_error(name + " is not file-backed");
  uint64_t v = 0;
  std::memcpy(&v, bytes.data() + *off, sizeof v);
  return v;
}

RewriteOptions bind_only(const std::string& spec) {
  RewriteOptions o;
  o.bind = parse_bind(spec);
  o.rewrite_sites = false;
  return o;
}

std::string kernel_spec(const std::string& func = "") {
  return "kernel:" + snippet("kernel").string() + (func.empty() ? "" : ":" + func);
}

// The message of the InputError `f` throws ("" if it throws none).
template <typename F>
std::string refusal(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(ParseBind, Forms) {
  auto b = parse_bind("fp=kernel:/x/hermitux");
  EXPECT_EQ(b.symbol, "fp");
  EXPECT_EQ(b.kernel.kind, TargetSpec::Kind::kKernel);
  EXPECT_EQ(b.kernel.image, "/x/hermitux");
  EXPECT_EQ(b.kernel.symbol, "sys_ioctl");
  EXPECT_EQ(parse_bind("fp=kernel:/x/hermitux:other").kernel.symbol, "other");
  EXPECT_THROW(parse_bind("fp"), std::invalid_argument);
  EXPECT_THROW(parse_bind("=kernel:/x"), std::invalid_argument);
  EXPECT_THROW(parse_bind("fp=local:foo"), std::invalid_argument);
  EXPECT_THROW(parse_bind("fp=kernel:"), std::invalid_argument);
}

TEST(Bind, WritesTheKernelSymbolAddressAtTheObject) {
  auto r = rewrite_snippet("bound", bind_only("bound_fn=" + kernel_spec()));
  auto kernel = ElfImage::load(snippet("kernel"));
  uint64_t want = symbol(kernel, "sys_ioctl").value;
  ASSERT_NE(want, 0u);
  EXPECT_EQ(slot_value(r.output, "bound_fn"), want);
  auto input = ElfImage::load(snippet("bound"));
  EXPECT_EQ(slot_value(input.bytes(), "bound_fn"), symbol(input, "default_fn").value);
  ASSERT_TRUE(r.report.bind);
  EXPECT_EQ(r.report.bind->address, want);
  EXPECT_EQ(r.report.bind->function, "sys_ioctl");
  EXPECT_EQ(r.report.bind->slot, symbol(input, "bound_fn").value);
  // FUNC other than sys_ioctl.
  auto r2 = rewrite_snippet("bound", bind_only("bound_fn=" + kernel_spec("clobbers_some")));
  EXPECT_EQ(slot_value(r2.output, "bound_fn"), symbol(kernel, "clobbers_some").value);
}

TEST(Bind, BindOnlyRewritesNoSiteAndTheOutputRuns) {
  auto r = rewrite_snippet("bound", bind_only("bound_fn=" + kernel_spec()));
  EXPECT_EQ(r.report.count(SiteReport::Status::kRewritten), 0u);
  EXPECT_EQ(r.report.target, "target=none");
  TempDir dir;
  write_file(dir.path() / "in", ElfImage::load(snippet("bound")).bytes());
  write_file(dir.path() / "out", r.output);
  EXPECT_EQ(run_program(dir.path() / "in"), 3);   // bound_fn == default_fn
  EXPECT_EQ(run_program(dir.path() / "out"), 4);  // bound_fn was changed
}

TEST(Bind, WithoutBindNothingSelectedIsStillAnError) {
  RewriteOptions o;
  o.only_nr = {4242};
  EXPECT_NE(refusal([&] { rewrite_snippet("bound", o); }).find("no syscall site could be"),
            std::string::npos);
  o.bind = parse_bind("bound_fn=" + kernel_spec());
  auto r = rewrite_snippet("bound", o);  // the filters select nothing: bind only
  EXPECT_EQ(r.report.count(SiteReport::Status::kRewritten), 0u);
  EXPECT_EQ(r.report.count(SiteReport::Status::kSkipped), 1u);
  EXPECT_EQ(slot_value(r.output, "bound_fn"), r.report.bind->address);
}

TEST(Bind, CombinesWithAKernelTarget) {
  RewriteOptions o;
  o.target = parse_target(kernel_spec());
  o.bind = parse_bind("bound_fn=" + kernel_spec());
  auto r = rewrite_snippet("bound", o);
  EXPECT_EQ(r.report.count(SiteReport::Status::kRewritten), 1u);
  EXPECT_EQ(slot_value(r.output, "bound_fn"), r.report.bind->address);
  // Another image for --bind than for --target is refused (same layout, another sha256).
  TempDir dir;
  auto other = ElfImage::load(snippet("kernel")).bytes();
  other.push_back(0);
  write_file(dir.path() / "kernel2", other);
  o.bind = parse_bind("bound_fn=kernel:" + (dir.path() / "kernel2").string());
  EXPECT_NE(refusal([&] { rewrite_snippet("bound", o); }).find("both must be the same kernel"),
            std::string::npos);
}

TEST(Bind, OutputIsMarkedAndRefusedTheSecondTime) {
  auto r = rewrite_snippet("bound", bind_only("bound_fn=" + kernel_spec()));
  auto out = ElfImage::parse(r.output, "bound once");
  auto note = rewrite_note(out);
  EXPECT_NE(note.find("bind=bound_fn@"), std::string::npos) << note;
  EXPECT_NE(note.find("sha256=" + sha256_file(snippet("kernel"))), std::string::npos) << note;
  EXPECT_NE(refusal([&] {
              rewrite(out, bind_only("bound_fn=" + kernel_spec()));
            }).find("already rewritten"),
            std::string::npos);
}

TEST(Bind, CheckImageAcceptsTheImageAndRefusesAnother) {
  auto r = rewrite_snippet("bound", bind_only("bound_fn=" + kernel_spec()));
  TempDir dir;
  write_file(dir.path() / "out", r.output);
  const std::string out = (dir.path() / "out").string();
  EXPECT_EQ(run_cli({"--check-image", snippet("kernel").string(), out}), 0);
  EXPECT_EQ(run_cli({"--check-image", snippet("cases").string(), out}), 1);
}

TEST(Bind, Refusals) {
  auto why = [](const std::string& symbol) {
    return refusal([&] { rewrite_snippet("bound", bind_only(symbol + "=" + kernel_spec())); });
  };
  EXPECT_NE(why("nope").find("--bind nope: no such symbol"), std::string::npos) << why("nope");
  EXPECT_NE(why("default_fn").find("not a data object (STT_OBJECT) but STT_FUNC"),
            std::string::npos)
      << why("default_fn");
  EXPECT_NE(why("small_slot").find("is 4 bytes, not 8"), std::string::npos) << why("small_slot");
  EXPECT_NE(why("bss_slot").find("is in .bss, which has no file bytes"), std::string::npos)
      << why("bss_slot");
  EXPECT_NE(why("ro_slot").find("not a writable data section"), std::string::npos)
      << why("ro_slot");
  auto pie = refusal([] { rewrite_snippet("bound-pie", bind_only("bound_fn=" + kernel_spec())); });
  EXPECT_NE(pie.find("position independent"), std::string::npos) << pie;
  auto missing =
      refusal([] { rewrite_snippet("bound", bind_only("bound_fn=" + kernel_spec("nope"))); });
  EXPECT_NE(missing.find("no function symbol 'nope'"), std::string::npos) << missing;
}

TEST(Bind, VerifierChecksTheBoundBytes) {
  auto o = bind_only("bound_fn=" + kernel_spec());
  auto input = ElfImage::load(snippet("bound"));
  uint64_t off = *input.offset_of(symbol(input, "bound_fn").value);
  o.before_verify = [off](std::vector<uint8_t>& out) { out[off] ^= 1; };
  EXPECT_THROW(rewrite_snippet("bound", o), VerifyError);
  // A byte next to the object must not change either.
  o.before_verify = [off](std::vector<uint8_t>& out) { out[off + 8] ^= 1; };
  EXPECT_THROW(rewrite_snippet("bound", o), VerifyError);
}

TEST(Bind, ReportShowsTheBinding) {
  auto r = rewrite_snippet("bound", bind_only("bound_fn=" + kernel_spec()));
  std::string addr = hex(r.report.bind->address);
  auto text = report_text(r.report, false);
  EXPECT_NE(text.find("bound             bound_fn"), std::string::npos) << text;
  EXPECT_NE(text.find("sys_ioctl " + addr), std::string::npos) << text;
  auto json = report_json(r.report);
  EXPECT_NE(json.find("\"bind\": {\"symbol\": \"bound_fn\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"address\": \"" + addr + "\""), std::string::npos) << json;
  EXPECT_NE(report_json(rewrite_snippet("cases").report).find("\"bind\": null"), std::string::npos);
}

TEST(Bind, CliBindOnlyAndFilterWithoutTarget) {
  TempDir dir;
  const std::string out = (dir.path() / "out").string();
  const std::string in = snippet("bound").string();
  ASSERT_EQ(run_cli({in, "-o", out, "--bind", "bound_fn=" + kernel_spec()}), 0);
  EXPECT_EQ(run_program(out), 4);
  EXPECT_EQ(
      run_cli({in, "-o", out + "2", "--bind", "bound_fn=" + kernel_spec(), "--only-nr", "60"}), 2);
  EXPECT_EQ(run_cli({in, "-o", out + "3", "--bind", "bound_fn"}), 2);
  EXPECT_EQ(run_cli({in, "-o", out + "4", "--bind", "bss_slot=" + kernel_spec()}), 1);
  EXPECT_FALSE(std::filesystem::exists(out + "4"));
}

}  // namespace
}  // namespace sysrw::test
