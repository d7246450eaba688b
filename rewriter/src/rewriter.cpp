#include "rewriter/rewriter.hpp"

#include <algorithm>
#include <chrono>

#include "rewriter/branch_targets.hpp"
#include "rewriter/code_map.hpp"
#include "rewriter/function_bounds.hpp"
#include "rewriter/hex.hpp"
#include "rewriter/segment_writer.hpp"
#include "rewriter/site_finder.hpp"
#include "rewriter/site_planner.hpp"
#include "rewriter/verifier.hpp"

namespace sysrw {

namespace {

constexpr int64_t kRel32Margin = 1ll << 30;  // reach we insist on, leaves room for the segment
constexpr uint8_t kInt3Byte = 0xcc;
constexpr uint8_t kNopByte = 0x90;
constexpr uint64_t kCloneNr = 56;
constexpr uint64_t kVforkNr = 58;
constexpr uint64_t kClone3Nr = 435;

bool selected(const SyscallSite& s, const RewriteOptions& o) {
  if (!o.rewrite_sites) return false;
  auto has = [](const std::vector<uint64_t>& v, uint64_t x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };
  if (!o.only_nr.empty() && (!s.nr || !has(o.only_nr, *s.nr))) return false;
  if (!o.only_addr.empty() && !has(o.only_addr, s.addr)) return false;
  if (!o.only_function.empty() && std::find(o.only_function.begin(), o.only_function.end(),
                                            s.function) == o.only_function.end())
    return false;
  return true;
}

bool near(uint64_t a, uint64_t b) {
  auto d = static_cast<int64_t>(a - b);
  return d < kRel32Margin && d > -kRel32Margin;
}

}  // namespace

std::string rewrite_note(const ElfImage& image) {
  auto notes = image.notes(kNoteOwner, kNoteType);
  if (notes.empty()) return "";
  return {notes.front().begin(), notes.front().end()};
}

namespace {

void check_input(const ElfImage& input) {
  if (auto why = input.dynamic_reason()) throw InputError(input.name() + ": " + *why);
  if (auto note = rewrite_note(input); !note.empty())
    throw InputError(input.name() + ": already rewritten by syscall-rewriter (" +
                     note.substr(0, note.find('\n')) + "); rewrite the original binary instead");
}

std::optional<ResolvedBind> resolve_bind_for(const ElfImage& input, const RewriteOptions& options,
                                             const ResolvedTarget& target) {
  if (!options.bind) return std::nullopt;
  ResolvedBind bind = resolve_bind(*options.bind, input);
  // One unikernel is loaded next to the binary: --check-image checks one image.
  if (target.spec.kind == TargetSpec::Kind::kKernel &&
      target.image_sha256 != bind.function.image_sha256)
    throw InputError(input.name() + ": --bind names the image " + bind.spec.kernel.image.string() +
                     ", --target another one (" + target.spec.image.string() +
                     "); both must be the same kernel image");
  return bind;
}

// How every trampoline calls the target: the registers it saves and the result's width.
TrampolineOptions trampoline_options(const ElfImage& input, const ResolvedTarget& target,
                                     const RewriteOptions& options) {
  TrampolineOptions topt;
  if (!target.spec.calls_function()) return topt;
  if (target.callee.readable && target.callee.writes_vector)
    throw InputError(input.name() + ": the target function '" + target.spec.symbol +
                     "' writes vector registers, which `syscall` preserves and the trampoline "
                     "does not save (build it with -mgeneral-regs-only)");
  CalleeSummary callee = target.callee;
  if (options.full_save) callee = CalleeSummary{false, "--full-save", {}, false, false, false};
  topt.call = make_call_plan(callee, options.preserve_flags);
  const bool kernel_ioctl =
      target.spec.kind == TargetSpec::Kind::kKernel && target.spec.symbol == "sys_ioctl";
  const int bits = options.return_bits.value_or(kernel_ioctl ? 32 : 64);
  if (bits != 32 && bits != 64) throw InputError("--return-bits must be 32 or 64");
  topt.call.sign_extend_eax = bits == 32;
  topt.call.basis += bits == 32 ? " +int32 result sign-extended" : "";
  return topt;
}

Report start_report(const ElfImage& input, const std::string& target_text,
                    const std::optional<ResolvedBind>& bind, const ResolvedTarget& target,
                    const TrampolineOptions& topt) {
  Report report;
  report.input = input.name();
  report.target = target_text;
  if (bind)
    report.bind = BindReport{bind->spec.symbol,
                             bind->slot,
                             bind->old_value,
                             bind->spec.kernel.symbol,
                             bind->function.address,
                             bind->spec.kernel.image.string(),
                             bind->function.image_sha256};
  if (target.spec.calls_function()) report.call = topt.call.basis;
  report.input_size = input.bytes().size();
  return report;
}

// The trampolines of the selected sites, laid out one after the other in the new segment.
struct TrampolineCode {
  std::vector<uint8_t> bytes;
  std::vector<Window> windows;
  std::vector<Trampoline> trampolines;
};

// Plans and builds one site's trampoline; the site's report says what became of it.
SiteReport build_site(const SyscallSite& site, SitePlanner& planner, const ElfImage& input,
                      const CodeMap& code, const SegmentLayout& layout,
                      const ResolvedTarget& target, const TrampolineOptions& topt,
                      TrampolineCode& out) {
  SiteReport sr;
  sr.addr = site.addr;
  sr.nr = site.nr;
  sr.function = site.function;
  const bool in_place = target.spec.kind == TargetSpec::Kind::kInt3;
  SitePlan plan = in_place ? planner.plan_in_place(site) : planner.plan(site);
  if (!plan.window) {
    sr.status = SiteReport::Status::kRefused;
    sr.reason = plan.reason;
    sr.detail = plan.detail;
    return sr;
  }
  if (in_place) {  // `int3; nop`: no trampoline, the patch is the whole rewrite
    Trampoline t;
    t.site = t.patch_start = plan.window->start;
    t.patch_end = plan.window->end;
    t.patch = {kInt3Byte, kNopByte};
    out.windows.push_back(*plan.window);
    out.trampolines.push_back(t);
    sr.status = SiteReport::Status::kRewritten;
    sr.patch_start = t.patch_start;
    sr.patch_end = t.patch_end;
    return sr;
  }
  uint64_t at = layout.code_vaddr() + out.bytes.size();
  at = (at + kTrampolineAlign - 1) / kTrampolineAlign * kTrampolineAlign;
  try {
    Assembler as(at);
    Trampoline t = build_trampoline(as, input, code, *plan.window, target, topt);
    out.bytes.resize(at - layout.code_vaddr(), 0xcc);
    out.bytes.insert(out.bytes.end(), as.bytes().begin(), as.bytes().end());
    out.windows.push_back(*plan.window);
    out.trampolines.push_back(t);
    sr.status = SiteReport::Status::kRewritten;
    sr.patch_start = t.patch_start;
    sr.patch_end = t.patch_end;
    sr.trampoline = t.address;
  } catch (const EncodeError& e) {
    sr.status = SiteReport::Status::kRefused;
    sr.reason = Refusal::kUnrelocatable;
    sr.detail = e.what();
  }
  return sr;
}

// A callee that issues `syscall` itself (an in-process hook) returns through its own `ret` and
// the trampoline's stack: a call that leaves the child on another stack (clone, clone3) or
// shares the parent's (vfork) must never be sent to it, nor a call whose number is unknown.
void check_kernel_entering_callee(const ElfImage& input, const ResolvedTarget& target,
                                  const std::vector<SyscallSite>& sites,
                                  const RewriteOptions& options) {
  if (!target.callee.enters_kernel) return;
  for (const auto& s : sites) {
    if (!selected(s, options)) continue;
    const bool unknown = !s.nr;
    if (!unknown && *s.nr != kCloneNr && *s.nr != kVforkNr && *s.nr != kClone3Nr) continue;
    throw InputError(input.name() + ": the target function '" + target.spec.symbol +
                     "' issues `syscall` itself, so only calls that return on the caller's "
                     "stack may be sent to it; the site at " +
                     hex(s.addr) +
                     (unknown ? " has an unknown number" : " is clone, clone3 or vfork") +
                     " (select sites with --only-nr, --only-addr or --only-function)");
  }
}

void check_no_overlap(const ElfImage& input, const SegmentLayout& layout, uint64_t seg_end,
                      const ResolvedTarget& target, const std::optional<ResolvedBind>& bind) {
  auto image_ranges = target.image_ranges;
  if (bind)
    image_ranges.insert(image_ranges.end(), bind->function.image_ranges.begin(),
                        bind->function.image_ranges.end());
  for (auto [lo, hi] : image_ranges)
    if (lo < seg_end && layout.vaddr < hi)
      throw InputError(input.name() + ": the trampoline segment [" + hex(layout.vaddr) + ", " +
                       hex(seg_end) + ") would overlap the kernel image's segment at " + hex(lo));
}

}  // namespace

RewriteResult rewrite(const ElfImage& input, const RewriteOptions& options) {
  auto t0 = std::chrono::steady_clock::now();
  check_input(input);
  ResolvedTarget target = resolve_target(options.target, input);
  const std::optional<ResolvedBind> bind = resolve_bind_for(input, options, target);

  FunctionBounds bounds = FunctionBounds::from_symbols(input);
  auto sync = bounds.starts();
  sync.push_back(input.header().e_entry);
  CodeMap code = CodeMap::sweep(input, sync);
  if (!bounds.from_symbol_table()) bounds.add_fallback(code);
  BranchTargets targets = BranchTargets::collect(input, code);
  auto sites = find_syscall_sites(input, code, targets, bounds);
  if (sites.empty() && !bind) throw InputError(input.name() + ": no syscall instruction found");

  const TrampolineOptions topt = trampoline_options(input, target, options);
  check_kernel_entering_callee(input, target, sites, options);
  const std::string target_text = options.rewrite_sites ? target.describe() : "target=none";
  std::string note = "syscall-rewriter/1 " + target_text;
  if (bind) note += " " + bind->describe();
  if (target.spec.calls_function()) note += " call=" + topt.call.basis;
  SegmentLayout layout = layout_segment(input, note.size());
  if (target.spec.kind == TargetSpec::Kind::kLocal && !near(target.address, layout.code_vaddr())) {
    if (input.is_pie())
      throw InputError(input.name() + ": symbol '" + target.spec.symbol +
                       "' is out of call rel32 reach of the trampolines in a PIE binary");
    target.absolute = true;
  }

  Report report = start_report(input, target_text, bind, target, topt);
  report.symbols = bounds.from_symbol_table();
  report.instructions = code.insns().size();
  report.branch_targets = targets.all().size();

  SitePlanner planner(input, code, targets, bounds, layout.code_vaddr());
  TrampolineCode tcode;
  for (const auto& site : sites) {
    if (!selected(site, options)) {
      SiteReport sr;
      sr.addr = site.addr;
      sr.nr = site.nr;
      sr.function = site.function;
      sr.status = SiteReport::Status::kSkipped;
      report.sites.push_back(sr);
      continue;
    }
    report.sites.push_back(build_site(site, planner, input, code, layout, target, topt, tcode));
  }
  if (tcode.trampolines.empty() && !bind)
    throw InputError(input.name() + ": no syscall site could be rewritten (" +
                     std::to_string(report.count(SiteReport::Status::kRefused)) + " refused, " +
                     std::to_string(report.count(SiteReport::Status::kSkipped)) + " not selected)");
  check_no_overlap(input, layout, layout.code_vaddr() + tcode.bytes.size(), target, bind);

  RewriteResult result;
  result.output = write_output(input, layout, note, tcode.bytes, tcode.trampolines);
  if (bind) write_binding(result.output, bind->slot_offset, bind->function.address);
  if (options.before_verify) options.before_verify(result.output);
  verify_output(result.output, VerifyInput{input, code, layout, target, topt, tcode.windows,
                                           tcode.trampolines, bind ? &*bind : nullptr});
  report.output_size = result.output.size();
  report.trampoline_bytes = tcode.bytes.size();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  result.report = std::move(report);
  return result;
}

}  // namespace sysrw
