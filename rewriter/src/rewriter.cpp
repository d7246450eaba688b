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

RewriteResult rewrite(const ElfImage& input, const RewriteOptions& options) {
  auto t0 = std::chrono::steady_clock::now();
  if (auto why = input.dynamic_reason()) throw InputError(input.name() + ": " + *why);
  if (auto note = rewrite_note(input); !note.empty())
    throw InputError(input.name() + ": already rewritten by syscall-rewriter (" +
                     note.substr(0, note.find('\n')) + "); rewrite the original binary instead");

  ResolvedTarget target = resolve_target(options.target, input);
  std::optional<ResolvedBind> bind;
  if (options.bind) {
    bind = resolve_bind(*options.bind, input);
    // One unikernel is loaded next to the binary: --check-image checks one image.
    if (target.spec.kind == TargetSpec::Kind::kKernel &&
        target.image_sha256 != bind->function.image_sha256)
      throw InputError(input.name() + ": --bind names the image " +
                       bind->spec.kernel.image.string() + ", --target another one (" +
                       target.spec.image.string() + "); both must be the same kernel image");
  }

  FunctionBounds bounds = FunctionBounds::from_symbols(input);
  auto sync = bounds.starts();
  sync.push_back(input.header().e_entry);
  CodeMap code = CodeMap::sweep(input, sync);
  if (!bounds.from_symbol_table()) bounds.add_fallback(code);
  BranchTargets targets = BranchTargets::collect(input, code);
  auto sites = find_syscall_sites(input, code, targets, bounds);
  if (sites.empty() && !bind) throw InputError(input.name() + ": no syscall instruction found");

  TrampolineOptions topt;
  if (target.spec.kind != TargetSpec::Kind::kPassthrough) {
    if (target.callee.readable && target.callee.writes_vector)
      throw InputError(input.name() + ": the target function '" + target.spec.symbol +
                       "' writes vector registers, which `syscall` preserves and the trampoline "
                       "does not save (build it with -mgeneral-regs-only)");
    CalleeSummary callee = target.callee;
    if (options.full_save) callee = CalleeSummary{false, "--full-save", {}, false, false, false};
    topt.call = make_call_plan(callee, options.preserve_flags);
    int bits = options.return_bits.value_or(
        target.spec.kind == TargetSpec::Kind::kKernel && target.spec.symbol == "sys_ioctl" ? 32
                                                                                           : 64);
    if (bits != 32 && bits != 64) throw InputError("--return-bits must be 32 or 64");
    topt.call.sign_extend_eax = bits == 32;
    topt.call.basis += bits == 32 ? " +int32 result sign-extended" : "";
  }
  const std::string target_text = options.rewrite_sites ? target.describe() : "target=none";
  std::string note = "syscall-rewriter/1 " + target_text;
  if (bind) note += " " + bind->describe();
  if (target.spec.kind != TargetSpec::Kind::kPassthrough) note += " call=" + topt.call.basis;
  SegmentLayout layout = layout_segment(input, note.size());
  if (target.spec.kind == TargetSpec::Kind::kLocal && !near(target.address, layout.code_vaddr())) {
    if (input.is_pie())
      throw InputError(input.name() + ": symbol '" + target.spec.symbol +
                       "' is out of call rel32 reach of the trampolines in a PIE binary");
    target.absolute = true;
  }

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
  if (target.spec.kind != TargetSpec::Kind::kPassthrough) report.call = topt.call.basis;
  report.symbols = bounds.from_symbol_table();
  report.instructions = code.insns().size();
  report.branch_targets = targets.all().size();
  report.input_size = input.bytes().size();

  SitePlanner planner(input, code, targets, bounds, layout.code_vaddr());
  std::vector<uint8_t> tcode;
  std::vector<Window> windows;
  std::vector<Trampoline> trampolines;
  for (const auto& site : sites) {
    SiteReport sr;
    sr.addr = site.addr;
    sr.nr = site.nr;
    sr.function = site.function;
    if (!selected(site, options)) {
      sr.status = SiteReport::Status::kSkipped;
      report.sites.push_back(sr);
      continue;
    }
    SitePlan plan = planner.plan(site);
    if (plan.window) {
      uint64_t at = layout.code_vaddr() + tcode.size();
      at = (at + kTrampolineAlign - 1) / kTrampolineAlign * kTrampolineAlign;
      try {
        Assembler as(at);
        Trampoline t = build_trampoline(as, input, code, *plan.window, target, topt);
        tcode.resize(at - layout.code_vaddr(), 0xcc);
        tcode.insert(tcode.end(), as.bytes().begin(), as.bytes().end());
        windows.push_back(*plan.window);
        trampolines.push_back(t);
        sr.status = SiteReport::Status::kRewritten;
        sr.patch_start = t.patch_start;
        sr.patch_end = t.patch_end;
        sr.trampoline = t.address;
      } catch (const EncodeError& e) {
        sr.status = SiteReport::Status::kRefused;
        sr.reason = Refusal::kUnrelocatable;
        sr.detail = e.what();
      }
    } else {
      sr.status = SiteReport::Status::kRefused;
      sr.reason = plan.reason;
      sr.detail = plan.detail;
    }
    report.sites.push_back(sr);
  }
  if (trampolines.empty() && !bind)
    throw InputError(input.name() + ": no syscall site could be rewritten (" +
                     std::to_string(report.count(SiteReport::Status::kRefused)) + " refused, " +
                     std::to_string(report.count(SiteReport::Status::kSkipped)) + " not selected)");

  uint64_t seg_end = layout.code_vaddr() + tcode.size();
  auto image_ranges = target.image_ranges;
  if (bind)
    image_ranges.insert(image_ranges.end(), bind->function.image_ranges.begin(),
                        bind->function.image_ranges.end());
  for (auto [lo, hi] : image_ranges)
    if (lo < seg_end && layout.vaddr < hi)
      throw InputError(input.name() + ": the trampoline segment [" + hex(layout.vaddr) + ", " +
                       hex(seg_end) + ") would overlap the kernel image's segment at " + hex(lo));

  RewriteResult result;
  result.output = write_output(input, layout, note, tcode, trampolines);
  if (bind) write_binding(result.output, bind->slot_offset, bind->function.address);
  if (options.before_verify) options.before_verify(result.output);
  verify_output(result.output, VerifyInput{input, code, layout, target, topt, windows, trampolines,
                                           bind ? &*bind : nullptr});
  report.output_size = result.output.size();
  report.trampoline_bytes = tcode.size();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  result.report = std::move(report);
  return result;
}

}  // namespace sysrw
