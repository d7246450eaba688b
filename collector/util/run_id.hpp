// The id that tags one run's stamps, so stamps of other runs in the same log are never paired.
#pragma once

#include <cstdint>

namespace iprobe {

// A random non-zero run id (getrandom); throws std::runtime_error if the kernel refuses.
uint32_t random_run_id();

}  // namespace iprobe
