// The collector as PID 1 of the project's QEMU guest.
#pragma once

namespace iprobe {

// Mounts the pseudo file systems, captures the measurement of the run options the host put into
// the initramfs (kGuestOptionsFile) without pairing it, writes every raw file to the transfer
// disk and powers off. Never returns.
[[noreturn]] void guest_init_main();

}  // namespace iprobe
