#include "env/module_signing.hpp"

#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace iprobe {
namespace {

std::string file_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// "none [integrity] confidentiality" -> "integrity".
std::string bracketed(const std::string& text) {
  const auto open = text.find('[');
  const auto close = text.find(']', open);
  if (open == std::string::npos || close == std::string::npos) return "";
  return text.substr(open + 1, close - open - 1);
}

}  // namespace

ModuleSigningPolicy read_module_signing_policy(const fs::path& root) {
  ModuleSigningPolicy policy;
  policy.lockdown = bracketed(file_text(root / "sys/kernel/security/lockdown"));
  // efivarfs: 4 bytes of attributes, then the value, one byte, 1 = on.
  const std::string secure_boot =
      file_text(root / "sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c");
  if (secure_boot.size() >= 5) policy.secure_boot = secure_boot[4] == 1;
  policy.sig_enforce =
      file_text(root / "sys/module/module/parameters/sig_enforce").starts_with("Y");
  policy.modules_disabled = file_text(root / "proc/sys/kernel/modules_disabled").starts_with("1");
  return policy;
}

}  // namespace iprobe
