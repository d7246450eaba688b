// The rate the TSC ticks at, in kHz, and where that number came from. Converting cycles to
// time needs the TSC's own rate, never the core clock of /proc/cpuinfo's "cpu MHz" (it moves
// with frequency scaling and turbo while an invariant TSC does not). Sources, best first:
//   sysfs       /sys/devices/system/cpu/cpu0/tsc_freq_khz (the kernel's tsc_khz, where exported)
//   kernel-log  the kernel's calibration line: "tsc: Refined TSC clocksource calibration: X MHz",
//               else "tsc: Detected X MHz processor" (printed from tsc_khz, to the kHz)
//   cpuid-15h   CPUID leaf 0x15 when it names the crystal: crystal Hz * EBX / EAX, exact.
//               Leaf 0x16's base frequency is a whole number of MHz ("nominal") and is not used.
//   measured    TSC ticks against CLOCK_MONOTONIC_RAW over at least 100 ms
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace iprobe {

struct TscRate {
  uint64_t khz = 0;    // 0 = unknown
  std::string source;  // "sysfs", "kernel-log", "cpuid-15h", "measured"; "" when unknown
};

// CPUID leaf 0x15: TSC / crystal = numerator / denominator; the crystal's Hz when given (else 0).
struct CpuidTscLeaf {
  uint32_t denominator = 0;  // EAX
  uint32_t numerator = 0;    // EBX
  uint32_t crystal_hz = 0;   // ECX
};

// Leaf 0x15 of this CPU; nullopt when the CPU has no such leaf (or the build is not x86).
std::optional<CpuidTscLeaf> read_cpuid_tsc_leaf();

// The exact rate leaf 0x15 gives, only when it names the crystal's frequency.
std::optional<uint64_t> tsc_khz_from_cpuid(const CpuidTscLeaf& leaf);

// The kernel log's TSC rate: the last refined calibration wins over "Detected ... MHz".
std::optional<uint64_t> tsc_khz_from_dmesg(std::string_view dmesg);

// The TSC rate measured against CLOCK_MONOTONIC_RAW over `window` (raised to 100 ms at least).
uint64_t measure_tsc_khz(std::chrono::milliseconds window = std::chrono::milliseconds(100));

// What find_tsc_rate may consult. A fixture tree gives `root` and `dmesg` only; the live
// system adds CPUID and, as the last resort, a measurement.
struct TscRateSources {
  std::filesystem::path root = "/";
  std::string_view dmesg;
  std::optional<CpuidTscLeaf> cpuid;
  bool may_measure = false;
};

// The first source that knows the rate, in the order above; khz 0 when none does.
TscRate find_tsc_rate(const TscRateSources& sources);

}  // namespace iprobe
