// `--scenario linux-qemu`: boot the project's patched kernel under QEMU with an initramfs
// holding the loop, the probe module and this collector, which runs `--scenario linux`
// inside the guest; the results come back on a raw virtio disk.
#pragma once

#include "collector/run_options.hpp"

namespace iprobe {

int run_qemu_scenario(const RunOptions& options);

// `--benchmark roundtrip --scenario linux-qemu`: the loop-* variants found on the host go to
// /bin/ of the initramfs; the guest's collector runs the round-trip benchmark there and ships
// the raw loop outputs back; the host re-derives every figure from them.
int run_roundtrip_qemu(const RunOptions& options);

}  // namespace iprobe
