// What to tell a user whose probe module the kernel refused to load: pure, so that each case
// (not root, Secure Boot and lockdown, signature enforcement, loading switched off, a module
// for another kernel) is tested with a fake policy (env/module_signing.hpp).
#pragma once

#include <string>

#include "env/module_signing.hpp"

namespace iprobe {

// The hint appended to "loading MODULE failed: <strerror>" for the positive errno `err`
// (EPERM, EKEYREJECTED, ENOKEY, ENOEXEC, ...); "" when there is nothing to add.
std::string module_refusal_hint(int err, bool root, const ModuleSigningPolicy& policy);

}  // namespace iprobe
