#include "scenarios/hermitux/hermitux_output.hpp"

#include <vector>

namespace iprobe {
namespace {

constexpr std::string_view kDumpHeader = "Dump kernel log:";
constexpr std::string_view kDumpRule = "================";

bool contains(std::string_view text, std::string_view what) {
  return text.find(what) != std::string_view::npos;
}

// Lines of `text` without their '\n' (a last line without one included).
std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return lines;
}

bool is_kernel_dump_line(std::string_view line) {
  return line.starts_with("ioprobe k ") || line.starts_with("ioprobe dump-");
}

}  // namespace

UhyveKernelLog extract_uhyve_kernel_log(std::string_view err) {
  UhyveKernelLog log;
  const std::size_t header = err.find(kDumpHeader);
  if (header == std::string_view::npos) return log;
  std::size_t start = err.find('\n', header);
  if (start == std::string_view::npos) return log;
  ++start;
  // uhyve: fputs("\nDump kernel log:\n"); fputs("================\n"); fprintf("%s\n", klog)
  if (err.substr(start).starts_with(kDumpRule)) {
    const std::size_t nl = err.find('\n', start);
    start = nl == std::string_view::npos ? err.size() : nl + 1;
  }
  log.found = true;
  std::string_view klog = err.substr(start);
  if (klog.ends_with('\n')) klog.remove_suffix(1);  // the one uhyve adds
  log.wrapped = klog.size() >= kHermituxKlogSize;
  if (log.wrapped) {
    const std::size_t last_nl = klog.rfind('\n');
    const std::size_t keep = last_nl == std::string_view::npos ? 0 : last_nl + 1;
    if (keep < klog.size()) log.dropped_partial_lines = 1;
    klog = klog.substr(0, keep);
  }
  log.text = std::string(klog);
  if (!log.text.empty() && log.text.back() != '\n') log.text += '\n';
  return log;
}

SplitStdout split_guest_stdout(std::string_view text) {
  SplitStdout out;
  for (std::string_view line : lines_of(text)) {
    std::string_view bare = line;
    if (bare.ends_with('\r')) bare.remove_suffix(1);
    std::string& dest = is_kernel_dump_line(bare) ? out.kernel : out.user;
    if (&dest == &out.kernel) ++out.kernel_lines;
    dest.append(line);
    dest.push_back('\n');
  }
  return out;
}

std::string output_tail(std::string_view text, std::size_t count) {
  std::vector<std::string_view> kept;
  for (std::string_view line : lines_of(text)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (!line.empty()) kept.push_back(line);
  }
  std::string tail;
  const std::size_t first = kept.size() > count ? kept.size() - count : 0;
  for (std::size_t i = first; i < kept.size(); ++i) {
    if (!tail.empty()) tail += " | ";
    tail.append(kept[i].substr(0, 200));
  }
  return tail.empty() ? "no output" : tail;
}

namespace {

// The application uhyve loaded, from its "Uhyve's elf loader starts, considering: PATH" line
// (its own messages, e.g. a register dump, may push that line out of the tail).
std::string loaded_program(std::string_view err) {
  constexpr std::string_view kLoading = "elf loader starts, considering: ";
  const std::size_t at = err.find(kLoading);
  if (at == std::string_view::npos) return "";
  const std::size_t start = at + kLoading.size();
  const std::size_t end = err.find('\n', start);
  return std::string(err.substr(start, end == std::string_view::npos ? end : end - start));
}

// uhyve's own messages come before the kernel-log dump, the kernel's last words at its end:
// a failure is explained by both, briefly.
std::string failure_context(std::string_view err) {
  const std::size_t dump = err.find(kDumpHeader);
  const std::string program = loaded_program(err);
  std::string uhyve =
      (program.empty() ? "" : "(running " + program + ") ") + output_tail(err.substr(0, dump), 3);
  if (dump == std::string_view::npos) return uhyve;
  return uhyve + "; kernel log ends: " + output_tail(err.substr(dump + kDumpHeader.size()), 2);
}

}  // namespace

std::optional<std::string> diagnose_hermitux_run(const GuestOutcome& outcome, std::string_view out,
                                                 std::string_view err) {
  const bool loop_done = contains(out, "ioprobe total ");
  if (loop_done && outcome.exit_code == 0 && !outcome.timed_out) return std::nullopt;
  // The loops' own message, or HermiTux's sys_ioctl refusing the probe's commands.
  if (contains(err, "probe does not answer") || contains(err, "unsupported ioctl command 0xb83"))
    return std::string(
        "the HermiTux kernel has no ioctl probe (its sys_ioctl does not know the probe's "
        "commands): apply kernel/hermitux-ioctl-probe/hermitux-ioctl-probe.patch to "
        "hermitux-kernel, rebuild and reinstall it (kernel/hermitux-ioctl-probe/README.md)");
  // uhyve: "Could not open: /dev/kvm: ..." or "KVM: ioctl KVM_GET_API_VERSION failed: ...".
  if (contains(err, "Could not open: /dev/kvm") || contains(err, "KVM_GET_API_VERSION failed"))
    return "uhyve could not use KVM: " + failure_context(err);
  if (outcome.timed_out)
    return "the HermiTux guest did not finish within " + std::to_string(outcome.timeout_seconds) +
           " s and was killed (raise --timeout); last output: " + failure_context(err);
  if (outcome.exit_code != 0)
    return "the HermiTux guest failed (proxy exit status " + std::to_string(outcome.exit_code) +
           "); last output: " + failure_context(err) +
           (loop_done ? "" : " || stdout: " + output_tail(out, 2));
  return "the loop printed no 'ioprobe total' line (it did not finish); last output: " +
         failure_context(err) + " || stdout: " + output_tail(out, 2);
}

}  // namespace iprobe
