// Folder scenarios/qemu/: the linux-qemu scenario. The host side builds an initramfs (loop,
// probe module, this collector and their shared libraries), boots the patched kernel under QEMU
// (qemu_runner) and reads the guest's results back; the guest side (guest_init) is the collector
// running as the guest's PID 1.
//
// `--scenario linux-qemu`: boot the project's patched kernel under QEMU with an initramfs
// holding the loop, the probe module and this collector, which runs `--scenario linux`
// inside the guest; the results come back on a raw virtio disk.
#pragma once

#include "scenarios/common/run_options.hpp"

namespace iprobe {

int run_qemu_scenario(const RunOptions& options);

// `--benchmark roundtrip --scenario linux-qemu`: the loop-* variants found on the host go to
// /bin/ of the initramfs; the guest's collector runs the round-trip benchmark there and ships
// the raw loop outputs back; the host re-derives every figure from them.
int run_roundtrip_qemu(const RunOptions& options);

}  // namespace iprobe
