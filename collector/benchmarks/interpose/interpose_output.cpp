// One interpose-loop output: the round trip's lines (benchmarks/loop_runs/loop_run) and the
// percall, interpose and skip lines this benchmark adds (include/ioctl_probe/ioctl_probe.h).
#include <algorithm>
#include <array>
#include <charconv>

#include "benchmarks/interpose/interpose_results.hpp"
#include "logs/stamp_line.hpp"

namespace iprobe {
namespace {

constexpr std::array<std::string_view, 8> kPercallKeys = {
    "calls", "min", "p50", "p99", "max", "negative", "migrations", "errors"};
constexpr std::array<std::string_view, 9> kHookKeys = {
    "mechanism", "call", "nr", "result", "expected", "hooked", "calls", "helper", "helper_cpu"};

template <typename T>
bool to_number(std::string_view text, T& value, int base = 10) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

// "<kind> <run:8 hex> k1=v1 k2=v2 ...", exactly these keys in this order: the run id and the
// values, or false.
template <std::size_t N>
bool keyed_fields(std::string_view text, const std::array<std::string_view, N>& keys, uint32_t& run,
                  std::array<std::string_view, N>& values) {
  std::size_t at = text.find(' ');
  if (at == std::string_view::npos) return false;
  text.remove_prefix(at + 1);
  at = text.find(' ');
  const std::string_view id = text.substr(0, at);
  if (id.size() != 8 || !to_number(id, run, 16)) return false;
  for (std::size_t i = 0; i < N; ++i) {
    if (at == std::string_view::npos) return false;
    text.remove_prefix(at + 1);
    at = text.find(' ');
    const std::string_view field = text.substr(0, at);
    if (field.size() <= keys[i].size() || field.substr(0, keys[i].size()) != keys[i] ||
        field[keys[i].size()] != '=')
      return false;
    values[i] = field.substr(keys[i].size() + 1);
  }
  return at == std::string_view::npos;
}

std::optional<PercallLine> parse_percall(std::string_view text) {
  PercallLine p;
  std::array<std::string_view, kPercallKeys.size()> v;
  if (!keyed_fields(text, kPercallKeys, p.run, v)) return std::nullopt;
  const bool ok = to_number(v[0], p.calls) && to_number(v[1], p.min) && to_number(v[2], p.p50) &&
                  to_number(v[3], p.p99) && to_number(v[4], p.max) && to_number(v[5], p.negative) &&
                  to_number(v[6], p.migrations) && to_number(v[7], p.errors);
  return ok ? std::optional(p) : std::nullopt;
}

std::optional<HookLine> parse_hook(std::string_view text) {
  HookLine h;
  std::array<std::string_view, kHookKeys.size()> v;
  if (!keyed_fields(text, kHookKeys, h.run, v)) return std::nullopt;
  h.mechanism = v[0];
  h.call = v[1];
  h.helper = v[7];
  const bool ok = to_number(v[2], h.nr) && to_number(v[3], h.result) &&
                  to_number(v[4], h.expected) && to_number(v[5], h.hooked) &&
                  to_number(v[6], h.calls) && to_number(v[8], h.helper_cpu);
  return ok ? std::optional(h) : std::nullopt;
}

// "skip mechanism=<name> reason=<text>": the reason, or nullopt.
std::optional<std::string> parse_skip(std::string_view text, std::string_view mechanism) {
  const std::string head = "skip mechanism=" + std::string(mechanism) + " reason=";
  if (text.substr(0, head.size()) != head) return std::nullopt;
  return std::string(text.substr(head.size()));
}

bool starts_with(std::string_view text, std::string_view word) {
  return text.substr(0, word.size()) == word;
}

// Why a run whose total pass is usable is not, or "".
std::string check_lines(const InterposeRun& r, std::string_view mechanism, std::string_view call) {
  const std::string id = run_hex(r.pass.header->run);
  if (!r.pass.floor) return "no \"ioprobe floor\" line, so the overhead over raw cannot be derived";
  if (!r.percall) return "no valid \"ioprobe percall\" line for run " + id;
  if (!r.hook) return "no valid \"ioprobe interpose\" line for run " + id;
  const HookLine& h = *r.hook;
  if (h.mechanism != mechanism || h.call != call)
    return "the output is of mechanism " + h.mechanism + " with call " + h.call;
  const uint64_t want = mechanism == "raw" ? 0 : h.calls;
  if (h.hooked != want)
    return std::string(mechanism) + " intercepted " + std::to_string(h.hooked) + " of the loop's " +
           std::to_string(h.calls) + " calls (want " + std::to_string(want) + ")";
  if (r.percall->errors > 0)
    return std::to_string(r.percall->errors) + " of " + std::to_string(r.percall->calls) +
           " per-call results were not " + std::to_string(h.expected);
  if (h.result != h.expected)
    return "the call returned " + std::to_string(h.result) + ", not " + std::to_string(h.expected);
  return "";
}

}  // namespace

bool is_interpose_mechanism(std::string_view name) {
  return std::find(kInterposeMechanisms.begin(), kInterposeMechanisms.end(), name) !=
         kInterposeMechanisms.end();
}

std::string interpose_program_name(std::string_view mechanism) {
  const bool rewritten =
      mechanism == "rewrite" || mechanism == "rewrite-emulate" || mechanism == "int3";
  return std::string(kInterposeLoop) + (rewritten ? "-" + std::string(mechanism) : "");
}

std::string interpose_series_name(std::string_view mechanism, std::string_view call) {
  return std::string(mechanism) + "-" + std::string(call);
}

InterposeRun parse_interpose_output(std::string_view mechanism, std::string_view call, uint32_t run,
                                    std::string_view text) {
  InterposeRun r;
  std::string loop_lines;  // the round trip's part
  uint64_t rejected = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    const std::optional<std::string_view> tagged = find_tagged_text(line);
    if (tagged && starts_with(*tagged, "percall ")) {
      r.percall = parse_percall(*tagged);
      rejected += r.percall ? 0 : 1;
    } else if (tagged && starts_with(*tagged, "interpose ")) {
      r.hook = parse_hook(*tagged);
      rejected += r.hook ? 0 : 1;
    } else if (tagged && starts_with(*tagged, "skip ")) {
      r.skipped = parse_skip(*tagged, mechanism);
      rejected += r.skipped ? 0 : 1;
    } else {
      loop_lines.append(line).push_back('\n');
    }
  }
  r.pass = parse_loop_output(interpose_series_name(mechanism, call), run, loop_lines, false);
  r.pass.rejected += rejected;
  if (r.skipped) {
    r.pass.failure = "the kernel refused the mechanism: " + *r.skipped;
  } else if (r.pass.usable()) {
    // Lines of another run than the header's are not this run's.
    const uint32_t id = r.pass.header->run;
    if (r.percall && r.percall->run != id) r.percall.reset();
    if (r.hook && r.hook->run != id) r.hook.reset();
    r.pass.failure = check_lines(r, mechanism, call);
  }
  return r;
}

}  // namespace iprobe
