// Hex formatting for addresses and bytes in messages and reports.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace sysrw {

inline std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

inline std::string hex_byte(uint8_t v) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02x", v);
  return buf;
}

}  // namespace sysrw
