#include "env/tsc_rate.hpp"

#include <time.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <x86intrin.h>
#endif

namespace iprobe {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "2994.374" MHz -> 2994374 kHz, without floating point (rounded on the fourth decimal).
std::optional<uint64_t> mhz_to_khz(std::string_view mhz) {
  mhz = trim(mhz);
  const auto dot = mhz.find('.');
  const std::string_view whole = mhz.substr(0, dot);
  const std::string_view frac =
      dot == std::string_view::npos ? std::string_view{} : mhz.substr(dot + 1);
  if (whole.empty() || whole.size() > 9 || !all_digits(whole) || !all_digits(frac))
    return std::nullopt;
  std::string khz_frac(frac.substr(0, 3));
  khz_frac.resize(3, '0');
  uint64_t khz = std::stoull(std::string(whole)) * 1000 + std::stoull(khz_frac);
  if (frac.size() > 3 && frac[3] >= '5') ++khz;
  return khz;
}

// The number right before " MHz" following `marker` in `line`.
std::optional<uint64_t> mhz_after(std::string_view line, std::string_view marker) {
  const auto at = line.find(marker);
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view rest = line.substr(at + marker.size());
  const auto unit = rest.find(" MHz");
  if (unit == std::string_view::npos) return std::nullopt;
  return mhz_to_khz(rest.substr(0, unit));
}

std::optional<uint64_t> tsc_khz_from_sysfs(const std::filesystem::path& root) {
  std::ifstream in(root / "sys/devices/system/cpu/cpu0/tsc_freq_khz");
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  const std::string_view text = trim(line);
  uint64_t khz = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), khz);
  if (ec != std::errc{} || end != text.data() + text.size() || khz == 0) return std::nullopt;
  return khz;
}

#if defined(__x86_64__) || defined(__i386__)
uint64_t tsc_ordered() {
  _mm_lfence();  // no earlier instruction may still be in flight when the TSC is read
  const uint64_t tsc = __rdtsc();
  _mm_lfence();
  return tsc;
}

int64_t raw_clock_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// A TSC value and the raw clock read between two TSC reads: of a few tries, the one whose
// TSC reads lie closest together (an interrupt in between would blur the pair).
struct ClockPair {
  uint64_t tsc = 0;
  int64_t ns = 0;
};

ClockPair read_clock_pair() {
  ClockPair best;
  uint64_t narrowest = UINT64_MAX;
  for (int attempt = 0; attempt < 8; ++attempt) {
    const uint64_t before = tsc_ordered();
    const int64_t ns = raw_clock_ns();
    const uint64_t after = tsc_ordered();
    if (after - before < narrowest) {
      narrowest = after - before;
      best = {before + (after - before) / 2, ns};
    }
  }
  return best;
}
#endif

}  // namespace

std::optional<CpuidTscLeaf> read_cpuid_tsc_leaf() {
#if defined(__x86_64__) || defined(__i386__)
  if (__get_cpuid_max(0, nullptr) < 0x15) return std::nullopt;
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  __cpuid(0x15, eax, ebx, ecx, edx);
  return CpuidTscLeaf{eax, ebx, ecx};
#else
  return std::nullopt;
#endif
}

std::optional<uint64_t> tsc_khz_from_cpuid(const CpuidTscLeaf& leaf) {
  if (leaf.denominator == 0 || leaf.numerator == 0 || leaf.crystal_hz == 0) return std::nullopt;
  const uint64_t hz = uint64_t{leaf.crystal_hz} * leaf.numerator / leaf.denominator;
  return (hz + 500) / 1000;
}

std::optional<uint64_t> tsc_khz_from_dmesg(std::string_view dmesg) {
  std::optional<uint64_t> refined;
  std::optional<uint64_t> detected;
  size_t pos = 0;
  while (pos < dmesg.size()) {
    const auto eol = dmesg.find('\n', pos);
    const std::string_view line =
        dmesg.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? dmesg.size() : eol + 1;
    if (auto khz = mhz_after(line, "tsc: Refined TSC clocksource calibration: ")) refined = khz;
    if (auto khz = mhz_after(line, "tsc: Detected ")) detected = khz;
  }
  return refined ? refined : detected;
}

uint64_t measure_tsc_khz(std::chrono::milliseconds window) {
#if defined(__x86_64__) || defined(__i386__)
  const int64_t window_ns = std::max<int64_t>(window.count(), 100) * 1'000'000;
  const ClockPair start = read_clock_pair();
  std::this_thread::sleep_for(std::chrono::nanoseconds(window_ns));
  while (raw_clock_ns() - start.ns < window_ns) std::this_thread::yield();
  const ClockPair end = read_clock_pair();
  // long double holds these counts exactly (64-bit mantissa): kHz = ticks per ms.
  const long double ticks = static_cast<long double>(end.tsc - start.tsc);
  const long double ms = static_cast<long double>(end.ns - start.ns) / 1e6L;
  return static_cast<uint64_t>(std::llround(ticks / ms));
#else
  (void)window;
  return 0;
#endif
}

TscRate find_tsc_rate(const TscRateSources& sources) {
  if (auto khz = tsc_khz_from_sysfs(sources.root)) return {*khz, "sysfs"};
  if (auto khz = tsc_khz_from_dmesg(sources.dmesg)) return {*khz, "kernel-log"};
  if (sources.cpuid)
    if (auto khz = tsc_khz_from_cpuid(*sources.cpuid)) return {*khz, "cpuid-15h"};
  if (sources.may_measure)
    if (const uint64_t khz = measure_tsc_khz(); khz > 0) return {khz, "measured"};
  return {};
}

}  // namespace iprobe
