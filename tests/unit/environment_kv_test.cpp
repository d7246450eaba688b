#include <gtest/gtest.h>

#include <stdexcept>

#include "env/environment.hpp"

namespace iprobe {
namespace {

Environment sample() {
  Environment env;
  env.kernel = "6.8.0-iprobe+";
  env.cpu_model = "Weird = model\nwith newline \\ and backslash\r";
  env.tsc_flags = {"constant_tsc", "nonstop_tsc", "rdtscp"};
  env.tsc_khz = "~2994000 (cpu MHz)";
  env.mitigations = {{"meltdown", "Not affected"},
                     {"spectre_v2", "Mitigation: IBRS; IBPB: conditional; a=b"},
                     {"odd=name", "x\\ny"}};
  env.hypervisor = "kvm";
  env.hypervisor_signature = "KVMKVMKVM";
  env.accel = "kvm";
  env.cpu = 2;
  env.smt = "on";
  env.governor = "performance";
  return env;
}

void expect_equal(const Environment& a, const Environment& b) {
  EXPECT_EQ(a.kernel, b.kernel);
  EXPECT_EQ(a.cpu_model, b.cpu_model);
  EXPECT_EQ(a.tsc_flags, b.tsc_flags);
  EXPECT_EQ(a.tsc_khz, b.tsc_khz);
  EXPECT_EQ(a.mitigations, b.mitigations);
  EXPECT_EQ(a.hypervisor, b.hypervisor);
  EXPECT_EQ(a.hypervisor_signature, b.hypervisor_signature);
  EXPECT_EQ(a.accel, b.accel);
  EXPECT_EQ(a.cpu, b.cpu);
  EXPECT_EQ(a.smt, b.smt);
  EXPECT_EQ(a.governor, b.governor);
}

TEST(EnvironmentKv, RoundTrip) {
  const auto env = sample();
  const std::string text = environment_to_kv(env);
  expect_equal(environment_from_kv(text), env);
}

TEST(EnvironmentKv, RoundTripOfEmptyAndProbed) {
  expect_equal(environment_from_kv(environment_to_kv(Environment{})), Environment{});
  const auto live = probe_environment();
  expect_equal(environment_from_kv(environment_to_kv(live)), live);
}

TEST(EnvironmentKv, TextIsLineBased) {
  const std::string text = environment_to_kv(sample());
  EXPECT_NE(text.find("\ntsc_flags=constant_tsc nonstop_tsc rdtscp\n"), std::string::npos);
  EXPECT_NE(text.find("\nmitigation.meltdown=Not affected\n"), std::string::npos);
  EXPECT_NE(text.find("\nmitigation.odd\\=name=x\\\\ny\n"), std::string::npos);
  EXPECT_NE(text.find("\ncpu=2\n"), std::string::npos);
  // Every value sits on exactly one line.
  size_t lines = 0;
  for (char c : text) lines += c == '\n';
  EXPECT_EQ(lines, 1u + 10u + 3u);
}

TEST(EnvironmentKv, IgnoresUnknownKeysCommentsAndBlankLines) {
  const auto env = environment_from_kv("# from the guest\n\nfuture_field=1\nkernel=6.1\ncpu=-1");
  EXPECT_EQ(env.kernel, "6.1");
  EXPECT_EQ(env.cpu, -1);
}

TEST(EnvironmentKv, RejectsMalformedText) {
  EXPECT_THROW(environment_from_kv("kernel 6.1\n"), std::runtime_error);
  EXPECT_THROW(environment_from_kv("cpu=two\n"), std::runtime_error);
  EXPECT_THROW(environment_from_kv("cpu=2x\n"), std::runtime_error);
  EXPECT_THROW(environment_from_kv("kernel=bad\\q\n"), std::runtime_error);
  EXPECT_THROW(environment_from_kv("kernel=dangling\\"), std::runtime_error);
}

}  // namespace
}  // namespace iprobe
