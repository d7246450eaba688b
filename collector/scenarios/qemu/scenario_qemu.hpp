// Folder scenarios/qemu/: the linux-qemu scenario. The host side builds an initramfs (loop,
// probe module, this collector and their shared libraries), boots the patched kernel under QEMU
// (qemu_runner) and reads the guest's results back; the guest side (guest_init) is the collector
// running as the guest's PID 1.
//
// `--scenario linux-qemu`: boot the project's patched kernel under QEMU with an initramfs
// holding the loop, the probe module and this collector, which runs `--scenario linux`
// inside the guest and only captures; the raw logs and its run record (raw/run.json) come
// back on a raw virtio disk, and the host pairs them once.
#pragma once

#include "report/report_pipeline.hpp"
#include "report/roundtrip.hpp"
#include "scenarios/common/run_options.hpp"

namespace iprobe {

ReportInputs capture_qemu_entry(const RunOptions& options);

// `--benchmark roundtrip --scenario linux-qemu`: the loop-* variants found on the host go to
// /bin/ of the initramfs; the guest's collector runs the round-trip benchmark there and ships
// the raw loop outputs back; the host re-derives every figure from them.
RoundtripReportInputs capture_qemu_roundtrip(const RunOptions& options);

}  // namespace iprobe
