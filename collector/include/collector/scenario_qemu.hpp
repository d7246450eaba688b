// `--scenario linux-qemu`: boot the project's patched kernel under QEMU with an initramfs
// holding the loop, the probe module and this collector, which runs `--scenario linux`
// inside the guest; the results come back on a raw virtio disk.
#pragma once

#include "collector/run_options.hpp"

namespace iprobe {

int run_qemu_scenario(const RunOptions& options);

}  // namespace iprobe
