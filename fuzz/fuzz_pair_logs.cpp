// libFuzzer target: the whole pairing over in-memory logs. The first byte picks the kernel log
// form (modulo 7) and the probes (divided by 7, modulo 3: from the header, patch then tracepoint,
// module then tracepoint); the rest is a user log and a kernel log separated by the first "\n%%\n"
// (without one, the same text is both, like a serial capture holding everything). Checks that the
// accounting adds up whatever the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "pair/pairing.hpp"
#include "pair/pairing_warnings.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  iprobe::PairingOptions options;
  options.kernel_format = static_cast<iprobe::LogFormat>(data[0] % 7);
  using iprobe::Probe;
  if (const int probes = data[0] / 7 % 3; probes > 0) {
    options.sources = {probes == 1 ? Probe::kPatch : Probe::kModule, Probe::kTracepoint};
  }
  options.max_iterations = 1 << 16;  // memory is sized by N: keep the fuzzer's small
  options.max_line = 256;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t cut = input.find("\n%%\n");
  std::vector<iprobe::LogSource> users;
  std::vector<iprobe::LogSource> kernels;
  if (cut == std::string::npos) {
    users.push_back(iprobe::LogSource::text("both", input));
    kernels.push_back(iprobe::LogSource::text("both", input));
  } else {
    users.push_back(iprobe::LogSource::text("user", input.substr(0, cut + 1)));
    kernels.push_back(iprobe::LogSource::text("kernel", input.substr(cut + 4)));
  }
  try {
    const iprobe::PairingResult r = iprobe::pair_logs(users, kernels, options);
    const iprobe::RunCounts& c = r.counts;
    uint64_t reasons = 0;
    for (const uint64_t n : c.rejected_by_reason) reasons += n;
    if (reasons != c.rejected) std::abort();
    if (c.paired + c.lost != c.expected || c.paired != r.pairs.size()) std::abort();
    if (c.missing_kernel + c.missing_user > c.lost) std::abort();
    if (c.user_stamps > c.expected || c.kernel_stamps > c.expected) std::abort();
    for (std::size_t i = 1; i < r.pairs.size(); ++i) {
      if (r.pairs[i - 1].seq >= r.pairs[i].seq) std::abort();
    }
    for (const iprobe::ExtraProbe& probe : r.extra_probes) {
      const iprobe::ProbeCounts& p = probe.counts;
      if (p.paired + p.lost != c.expected || probe.at_pair.size() != r.pairs.size()) std::abort();
      if (p.missing > p.lost || p.kernel_stamps > c.expected) std::abort();
    }
    (void)iprobe::strict_violation(r);
  } catch (const std::runtime_error&) {
    // no usable run header, or N above max_iterations: a one-line error, not a crash
  }
  return 0;
}
