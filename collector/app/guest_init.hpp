// The collector as PID 1 of the project's QEMU guest.
#pragma once

namespace iprobe {

// Mounts the pseudo file systems, captures the measurement the kernel command line asks for
// (arguments after `--`) without pairing it, writes every raw file to the transfer disk and
// powers off. Never returns.
[[noreturn]] void guest_init_main(int argc, char** argv);

}  // namespace iprobe
