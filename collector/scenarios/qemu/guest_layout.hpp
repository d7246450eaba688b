// How the host and the collector running as PID 1 of the project's QEMU guest (app/guest_init)
// meet: where the guest finds its parts, where it leaves its results.
#pragma once

namespace iprobe {

// The run options the guest's collector runs (scenarios/common/run_options_json.hpp), naming the
// guest's own paths (below).
inline constexpr const char* kGuestOptionsFile = "/run-options.json";
// Where the guest finds its parts inside the initramfs.
// The entry loop is in kGuestLoopDir, under its own name (entry-loop, entry-loop-musl, a --loop
// program), so the guest's own report names it too.
inline constexpr const char* kGuestLoopDir = "/loop";
inline constexpr const char* kGuestModulePath = "/lib/modules/ioctl_probe.ko";
// The round-trip benchmark's roundtrip-loop-VARIANT programs and the interposition benchmark's
// interpose-loop programs.
inline constexpr const char* kGuestVariantDir = "/bin";
inline constexpr const char* kGuestResultsDir = "/results";
inline constexpr const char* kGuestTransferDevice = "/dev/vda";
// Console lines starting with this are progress messages the host shows.
inline constexpr const char* kGuestProgressPrefix = "guest: ";
// Written to the transfer disk when the guest run failed; holds the one-line error.
inline constexpr const char* kGuestErrorFile = "guest-error.txt";

}  // namespace iprobe
