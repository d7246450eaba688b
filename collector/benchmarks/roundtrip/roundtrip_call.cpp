#include "benchmarks/roundtrip/roundtrip_call.hpp"

#include <algorithm>
#include <cstdio>
#include <variant>

#include "logs/stamp_line.hpp"

using Json = nlohmann::ordered_json;

namespace iprobe {

std::string cmd_hex(uint32_t cmd) {
  char text[16];
  std::snprintf(text, sizeof(text), "0x%x", cmd);
  return text;
}

Json call_json(const RoundtripCall& call) {
  return Json{{"syscall", "ioctl"},
              {"device", call.device},
              {"cmd", cmd_hex(call.cmd)},
              {"cmd_name", call.cmd_name}};
}

Json patch_hook_json(const std::optional<PatchHookUse>& hook) {
  if (!hook) return nullptr;
  return Json{{"mode", hook->mode}, {"stamps", hook->stamps ? Json(*hook->stamps) : Json(nullptr)}};
}

RoundtripCall call_from_json(const Json& json) {
  RoundtripCall call;
  call.device = json.at("device").get<std::string>();
  call.cmd = static_cast<uint32_t>(std::stoul(json.at("cmd").get<std::string>(), nullptr, 16));
  call.cmd_name = json.at("cmd_name").get<std::string>();
  return call;
}

std::optional<PatchHookUse> patch_hook_from_json(const Json& hook) {
  if (hook.is_null()) return std::nullopt;
  PatchHookUse use;
  use.mode = hook.at("mode").get<std::string>();
  if (!hook.at("stamps").is_null()) use.stamps = hook.at("stamps").get<uint64_t>();
  return use;
}

uint64_t count_hook_stamps(std::string_view dump, std::span<const uint32_t> run_ids) {
  uint64_t stamps = 0;
  while (!dump.empty()) {
    const std::size_t end = dump.find('\n');
    const ParsedLine line = parse_line(dump.substr(0, end));
    dump = end == std::string_view::npos ? std::string_view() : dump.substr(end + 1);
    const auto* stamp = std::get_if<KernelStamp>(&line);
    if (stamp && std::find(run_ids.begin(), run_ids.end(), stamp->run) != run_ids.end()) ++stamps;
  }
  return stamps;
}

}  // namespace iprobe
