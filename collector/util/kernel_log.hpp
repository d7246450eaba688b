// The kernel log as it stands, for what the kernel said at boot (e.g. its TSC calibration).
#pragma once

#include <string>

namespace iprobe {

// The text of every record /dev/kmsg holds now, without the record headers; "" when it cannot
// be read (not root under dmesg_restrict, no /dev/kmsg).
std::string read_kernel_log();

}  // namespace iprobe
