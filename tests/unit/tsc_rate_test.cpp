#include "env/tsc_rate.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>

#include "env/environment.hpp"
#include "util/kernel_log.hpp"

namespace iprobe {
namespace {

const std::filesystem::path kEnvFixtures = std::filesystem::path(IPROBE_FIXTURE_DIR) / "env";

constexpr std::string_view kBareMetalDmesg =
    "[    0.000000] tsc: Detected 3200.000 MHz processor\n"
    "[    0.000000] tsc: Detected 3199.999 MHz TSC\n"
    "[    1.234567] tsc: Refined TSC clocksource calibration: 3191.999 MHz\n";

// Intel's example (SDM, CPUID leaf 15h): a 24 MHz crystal and a ratio of 188/2.
constexpr CpuidTscLeaf kCrystalGiven{2, 188, 24'000'000};

TEST(TscRate, KernelLogRefinedCalibrationWinsOverDetected) {
  EXPECT_EQ(tsc_khz_from_dmesg(kBareMetalDmesg), 3191999U);
  EXPECT_EQ(tsc_khz_from_dmesg("<6>[    0.000000] tsc: Detected 2095.078 MHz processor"), 2095078U);
  EXPECT_EQ(tsc_khz_from_dmesg("tsc: Refined TSC clocksource calibration: 2400 MHz\n"), 2400000U);
  EXPECT_EQ(tsc_khz_from_dmesg("tsc: Detected 1999.99951 MHz processor"), 2000000U);
  EXPECT_EQ(tsc_khz_from_dmesg("tsc: Fast TSC calibration failed\n"), std::nullopt);
  EXPECT_EQ(tsc_khz_from_dmesg("tsc: Detected abc MHz processor"), std::nullopt);
  EXPECT_EQ(tsc_khz_from_dmesg(""), std::nullopt);
}

TEST(TscRate, CpuidLeaf15hOnlyWhenItNamesTheCrystal) {
  EXPECT_EQ(tsc_khz_from_cpuid(kCrystalGiven), 2256000U);
  EXPECT_EQ(tsc_khz_from_cpuid({3, 250, 19'200'000}), 1600000U);
  // A ratio without the crystal's frequency is no rate (Linux then guesses from leaf 16h).
  EXPECT_EQ(tsc_khz_from_cpuid({2, 188, 0}), std::nullopt);
  EXPECT_EQ(tsc_khz_from_cpuid({0, 188, 24'000'000}), std::nullopt);
  EXPECT_EQ(tsc_khz_from_cpuid({}), std::nullopt);
}

TEST(TscRate, SourcesInOrderSysfsKernelLogCpuid) {
  const auto kvm = kEnvFixtures / "kvm_guest";  // its sysfs has tsc_freq_khz 2992968
  const TscRate sysfs = find_tsc_rate({kvm, kBareMetalDmesg, kCrystalGiven, false});
  EXPECT_EQ(sysfs.khz, 2992968U);
  EXPECT_EQ(sysfs.source, "sysfs");
  const auto empty = kEnvFixtures / "empty";
  const TscRate log = find_tsc_rate({empty, kBareMetalDmesg, kCrystalGiven, false});
  EXPECT_EQ(log.khz, 3191999U);
  EXPECT_EQ(log.source, "kernel-log");
  const TscRate cpuid = find_tsc_rate({empty, "", kCrystalGiven, false});
  EXPECT_EQ(cpuid.khz, 2256000U);
  EXPECT_EQ(cpuid.source, "cpuid-15h");
  const TscRate none = find_tsc_rate({empty, "", CpuidTscLeaf{2, 188, 0}, false});
  EXPECT_EQ(none.khz, 0U);
  EXPECT_EQ(none.source, "");
}

TEST(TscRate, MalformedSysfsValueFallsThrough) {
  const TscRate rate =
      find_tsc_rate({kEnvFixtures / "tsc_freq_malformed", kBareMetalDmesg, std::nullopt, false});
  EXPECT_EQ(rate.khz, 3191999U);
  EXPECT_EQ(rate.source, "kernel-log");
}

TEST(TscRate, MeasuredOnlyWhenNothingElseKnowsAndAllowed) {
  const TscRate rate = find_tsc_rate({kEnvFixtures / "empty", "", std::nullopt, true});
#if defined(__x86_64__)
  EXPECT_GT(rate.khz, 0U);
  EXPECT_EQ(rate.source, "measured");
#else
  EXPECT_EQ(rate.khz, 0U);
#endif
}

// The measurement on this machine, against the kernel's own rate. Both count the same ticks:
// CLOCK_MONOTONIC_RAW is the clocksource (here the TSC or kvm-clock, both driven by the TSC)
// scaled by the kernel's calibration, so they agree to a few parts per million; the pairs of
// reads at each end are within ~100 ns, 1 ppm of 100 ms. 0.05% (500 ppm) leaves room for a
// clocksource calibrated independently of the TSC (HPET, ACPI PM timer) and is still ten times
// tighter than compare's 0.5% rule.
TEST(TscRate, MeasurementAgreesWithTheKernelsRate) {
#if !defined(__x86_64__)
  GTEST_SKIP() << "the TSC is x86";
#else
  const auto t0 = std::chrono::steady_clock::now();
  const uint64_t measured = measure_tsc_khz(std::chrono::milliseconds(10));  // raised to 100
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(100));
  ASSERT_GT(measured, 0U);
  // Two measurements of one TSC agree.
  const uint64_t again = measure_tsc_khz(std::chrono::milliseconds(200));
  EXPECT_LE(std::fabs(static_cast<double>(measured) - static_cast<double>(again)),
            0.0005 * static_cast<double>(again))
      << measured << " kHz, then " << again << " kHz";
  const std::string log = read_kernel_log();
  const TscRate kernel = find_tsc_rate({"/", log, std::nullopt, false});
  if (kernel.khz == 0)
    GTEST_SKIP() << "the kernel's TSC rate is not readable here (no tsc_freq_khz; the kernel "
                    "log has no calibration line or cannot be read): measured "
                 << measured << " kHz, not checked";
  EXPECT_LE(std::fabs(static_cast<double>(measured) - static_cast<double>(kernel.khz)),
            0.0005 * static_cast<double>(kernel.khz))
      << "measured " << measured << " kHz, the kernel (" << kernel.source << ") says " << kernel.khz
      << " kHz";
#endif
}

TEST(TscRate, LiveEnvironmentNamesItsSource) {
  const Environment env = probe_environment();
#if defined(__x86_64__)
  EXPECT_GT(env.tsc_khz, 0U);  // always known on x86-64: measured as the last resort
  EXPECT_TRUE(env.tsc_khz_source == "sysfs" || env.tsc_khz_source == "kernel-log" ||
              env.tsc_khz_source == "cpuid-15h" || env.tsc_khz_source == "measured")
      << env.tsc_khz_source;
#endif
}

}  // namespace
}  // namespace iprobe
