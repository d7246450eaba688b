#include "scenarios/qemu/qemu_check.hpp"

#include <stdexcept>

#include "scenarios/qemu/qemu_guest.hpp"
#include "scenarios/qemu/qemu_runner.hpp"

namespace fs = std::filesystem;

namespace iprobe {

QemuFacts read_qemu_facts(const fs::path& kernel, const std::string& qemu) {
  QemuFacts facts;
  try {
    find_qemu(qemu);
  } catch (const std::runtime_error& e) {
    facts.qemu_missing = e.what();
  }
  std::error_code ec;
  facts.installed = !fs::exists(build_dir() / "CMakeCache.txt", ec);
  facts.guest_kernel = kernel.empty() ? build_dir() / "guest" / "bzImage" : kernel;
  facts.guest_kernel_found = fs::is_regular_file(facts.guest_kernel, ec);
  return facts;
}

std::string qemu_unavailable(const QemuFacts& f) {
  if (!f.qemu_missing.empty()) return "no QEMU: " + f.qemu_missing;
  if (f.guest_kernel_found) return "";
  const std::string missing = "no guest kernel: " + f.guest_kernel.string() + " not found";
  if (f.installed)
    return missing +
           " (the toolkit package ships none: build one in a checkout with `make -f "
           "Makefile.kernel guest` and pass --kernel CHECKOUT/build/guest/bzImage)";
  return missing + " (build it with `make -f Makefile.kernel guest`, or pass --kernel)";
}

}  // namespace iprobe
