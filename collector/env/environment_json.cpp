#include "env/environment_json.hpp"

#include <algorithm>
#include <charconv>

namespace iprobe {

namespace {

using Json = nlohmann::ordered_json;

// A text member that may be unknown: null then, never "" (doc/results-format.md).
Json known_or_null(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

// tsc_khz as summaries have held it: a number (now), or a string from earlier versions:
// "2300000" (a number written as text) or "~2596144 (cpu MHz)" (the core clock, which is no
// TSC rate: unknown).
uint64_t tsc_khz_from_json(const Json& json) {
  if (json.is_number_integer()) return std::max<int64_t>(json.get<int64_t>(), 0);
  if (!json.is_string()) return 0;
  const std::string text = json.get<std::string>();
  uint64_t value = 0;
  const char* last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), last, value);
  return ec == std::errc{} && ptr == last ? value : 0;
}

template <typename T>
void read_member(const Json& json, const char* key, T& into) {
  const auto it = json.find(key);
  if (it != json.end() && !it->is_null()) it->get_to(into);
}

}  // namespace

void to_json(Json& json, const Environment& env) {
  json = Json::object();
  json["kernel"] = env.kernel;
  json["cpu_model"] = env.cpu_model;
  json["tsc_flags"] = env.tsc_flags;
  json["tsc_khz"] = env.tsc_khz > 0 ? Json(env.tsc_khz) : Json(nullptr);
  json["tsc_khz_source"] = env.tsc_khz > 0 ? known_or_null(env.tsc_khz_source) : Json(nullptr);
  Json mitigations = Json::object();
  for (const auto& [name, line] : env.mitigations) mitigations[name] = line;
  json["mitigations"] = std::move(mitigations);
  json["hypervisor"] = env.hypervisor;
  json["hypervisor_signature"] = env.hypervisor_signature;
  json["accel"] = known_or_null(env.accel);
  if (!env.host_kvm.empty()) json["host_kvm"] = env.host_kvm;
  json["cpu"] = env.cpu;
  json["smt"] = known_or_null(env.smt);
  json["governor"] = known_or_null(env.governor);
  if (!env.vcpu_pinning.empty()) json["vcpu_pinning"] = env.vcpu_pinning;
  if (!env.vcpu_host_cpus.empty()) {
    Json vcpus = Json::object();
    for (const auto& [vcpu, cpus] : env.vcpu_host_cpus) vcpus[vcpu] = cpus;
    json["vcpu_host_cpus"] = std::move(vcpus);
  }
}

void from_json(const Json& json, Environment& env) {
  env = Environment{};
  read_member(json, "kernel", env.kernel);
  read_member(json, "cpu_model", env.cpu_model);
  read_member(json, "tsc_flags", env.tsc_flags);
  if (const auto it = json.find("tsc_khz"); it != json.end()) env.tsc_khz = tsc_khz_from_json(*it);
  if (env.tsc_khz > 0) read_member(json, "tsc_khz_source", env.tsc_khz_source);
  if (const auto it = json.find("mitigations"); it != json.end())
    for (const auto& [name, line] : it->items()) env.mitigations.emplace_back(name, line);
  read_member(json, "hypervisor", env.hypervisor);
  read_member(json, "hypervisor_signature", env.hypervisor_signature);
  read_member(json, "accel", env.accel);
  read_member(json, "host_kvm", env.host_kvm);
  read_member(json, "cpu", env.cpu);
  read_member(json, "smt", env.smt);
  read_member(json, "governor", env.governor);
  read_member(json, "vcpu_pinning", env.vcpu_pinning);
  if (const auto it = json.find("vcpu_host_cpus"); it != json.end() && it->is_object())
    for (const auto& [vcpu, cpus] : it->items()) env.vcpu_host_cpus.emplace_back(vcpu, cpus);
}

}  // namespace iprobe
