// What every round-trip loop calls, as the results name it: the descriptor and the ioctl
// command (Linux: IOPROBE_NULL_CMD on /dev/null, which nobody answers; HermiTux: the probe's
// do-nothing IOPROBE_HX_NULL), and, on a Linux kernel carrying the project's patch, the patched
// hook's mode during the runs and the stamps it took of them: none, when the command is one no
// probe answers (the test roundtrip_qemu boots the guest with the hook on and checks it).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace iprobe {

struct RoundtripCall {
  std::string device;    // the file the loops open and call ioctl on
  uint32_t cmd = 0;      // the ioctl command
  std::string cmd_name;  // its name in include/ioctl_probe/ioctl_probe.h
};

// The patched kernel's hook (IOPROBE_PATCH_PARAM_DIR) during a round trip.
struct PatchHookUse {
  std::string mode;                // off, printk or buffer
  std::optional<uint64_t> stamps;  // kernel stamps of this run's loops; nullopt = not countable
};

// The hook's buffer as read after the runs (buffer mode, when readable): raw/hook-dump.log.
inline constexpr const char* kHookDumpFile = "hook-dump.log";

// "0xb850".
std::string cmd_hex(uint32_t cmd);

// "call" of raw/run.json and summary.json (which adds "patch_hook" to it). The readers throw
// nlohmann::json::exception when a member is missing or malformed.
nlohmann::ordered_json call_json(const RoundtripCall& call);
RoundtripCall call_from_json(const nlohmann::ordered_json& json);
nlohmann::ordered_json patch_hook_json(const std::optional<PatchHookUse>& hook);
std::optional<PatchHookUse> patch_hook_from_json(const nlohmann::ordered_json& json);

// The kernel stamp lines of `dump` (the hook's buffer) whose run id is one of `run_ids`.
uint64_t count_hook_stamps(std::string_view dump, std::span<const uint32_t> run_ids);

}  // namespace iprobe
