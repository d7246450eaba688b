// Whether the linux-qemu scenario can run here, and if not, why: QEMU and the guest kernel. Read
// once (read_qemu_facts), judged by a pure function (qemu_unavailable) that tests feed fakes.
//
// The guest kernel is build/guest/bzImage next to a build's collector (`make -f Makefile.kernel
// guest`), or the file given with --kernel. The toolkit package ships none (packaging/
// toolkit.cmake installs the collector, the loops and the documentation only), so an installed
// collector runs linux-qemu with --kernel pointing at a kernel built in a checkout.
#pragma once

#include <filesystem>
#include <string>

namespace iprobe {

struct QemuFacts {
  std::string qemu_missing;            // why QEMU cannot be used, "" when it can
  std::filesystem::path guest_kernel;  // the kernel looked for
  bool guest_kernel_found = false;
  bool installed = false;  // the collector is an installed one (no build folder around it)
};

// kernel: --kernel ("" = the build's guest kernel); qemu: --qemu ("" = on PATH).
QemuFacts read_qemu_facts(const std::filesystem::path& kernel, const std::string& qemu);

// "" when linux-qemu can run, else one line saying why not.
std::string qemu_unavailable(const QemuFacts& facts);

}  // namespace iprobe
