// A kernel that refuses the probe module: the signing policy read from a fake sysfs root, and
// the one line the user gets for each case (Secure Boot / lockdown, signatures enforced, loading
// switched off, not root).
#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>

#include "env/module_signing.hpp"
#include "scenarios/linux/kmod_loader_hints.hpp"

namespace iprobe {
namespace {

const std::filesystem::path kEnvFixtures = std::filesystem::path(IPROBE_FIXTURE_DIR) / "env";

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ModuleSigningPolicy, SecureBootWithLockdown) {
  const ModuleSigningPolicy p = read_module_signing_policy(kEnvFixtures / "secure_boot_locked");
  EXPECT_EQ(p.lockdown, "integrity");
  EXPECT_TRUE(p.locked_down());
  EXPECT_EQ(p.secure_boot, true);
  EXPECT_FALSE(p.sig_enforce);
  EXPECT_FALSE(p.modules_disabled);
}

TEST(ModuleSigningPolicy, SignaturesEnforcedWithoutSecureBoot) {
  const ModuleSigningPolicy p = read_module_signing_policy(kEnvFixtures / "sig_enforce");
  EXPECT_EQ(p.lockdown, "none");
  EXPECT_FALSE(p.locked_down());
  EXPECT_EQ(p.secure_boot, false);
  EXPECT_TRUE(p.sig_enforce);
}

TEST(ModuleSigningPolicy, NothingKnownOnATreeWithoutTheFiles) {
  const ModuleSigningPolicy p = read_module_signing_policy(kEnvFixtures / "empty");
  EXPECT_EQ(p.lockdown, "");
  EXPECT_FALSE(p.secure_boot.has_value());
  EXPECT_FALSE(p.sig_enforce || p.modules_disabled || p.locked_down());
}

TEST(ModuleRefusalHint, RootUnderSecureBootIsToldToEnrolTheKeyNotToUseSudo) {
  const ModuleSigningPolicy p = read_module_signing_policy(kEnvFixtures / "secure_boot_locked");
  const std::string hint = module_refusal_hint(EPERM, true, p);
  EXPECT_FALSE(has(hint, "sudo")) << hint;
  EXPECT_TRUE(has(hint, "locked down (lockdown=integrity, Secure Boot is on)")) << hint;
  EXPECT_TRUE(has(hint, "mokutil --import /var/lib/dkms/mok.pub")) << hint;
  EXPECT_TRUE(has(hint, "--probe tracepoint")) << hint;
}

TEST(ModuleRefusalHint, ARejectedSignatureUnderSigEnforce) {
  const ModuleSigningPolicy p = read_module_signing_policy(kEnvFixtures / "sig_enforce");
  const std::string hint = module_refusal_hint(EKEYREJECTED, true, p);
  EXPECT_TRUE(has(hint, "checks module signatures (module.sig_enforce=Y)")) << hint;
  EXPECT_TRUE(has(hint, "mokutil")) << hint;
}

TEST(ModuleRefusalHint, ARejectedKeyWithNothingElseKnown) {
  const std::string hint = module_refusal_hint(EKEYREJECTED, true, ModuleSigningPolicy{});
  EXPECT_TRUE(has(hint, "rejected the module's signature")) << hint;
  EXPECT_TRUE(has(hint, "mokutil")) << hint;
}

TEST(ModuleRefusalHint, LoadingSwitchedOffUntilReboot) {
  const ModuleSigningPolicy p = read_module_signing_policy(kEnvFixtures / "modules_disabled");
  const std::string hint = module_refusal_hint(EPERM, true, p);
  EXPECT_TRUE(has(hint, "kernel.modules_disabled=1")) << hint;
  EXPECT_FALSE(has(hint, "mokutil")) << hint;
}

TEST(ModuleRefusalHint, NotRootIsStillToldToUseSudo) {
  const ModuleSigningPolicy p = read_module_signing_policy(kEnvFixtures / "secure_boot_locked");
  EXPECT_EQ(module_refusal_hint(EPERM, false, p), ": run as root (sudo)");
}

TEST(ModuleRefusalHint, RootRefusedWithoutAnyPolicyNamesOtherCauses) {
  const std::string hint = module_refusal_hint(EPERM, true, ModuleSigningPolicy{});
  EXPECT_FALSE(has(hint, "sudo")) << hint;
  EXPECT_TRUE(has(hint, "security module")) << hint;
  EXPECT_TRUE(has(hint, "--probe tracepoint")) << hint;
}

TEST(ModuleRefusalHint, AModuleForAnotherKernel) {
  EXPECT_TRUE(has(module_refusal_hint(ENOEXEC, true, ModuleSigningPolicy{}), "uname -r"));
  EXPECT_EQ(module_refusal_hint(EBUSY, true, ModuleSigningPolicy{}), "");
}

}  // namespace
}  // namespace iprobe
