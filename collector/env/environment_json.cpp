#include "env/environment_json.hpp"

#include <charconv>

namespace iprobe {

namespace {

nlohmann::ordered_json tsc_khz_json(const std::string& khz) {
  if (khz.empty()) return nullptr;
  uint64_t value = 0;
  const char* last = khz.data() + khz.size();
  const auto [ptr, ec] = std::from_chars(khz.data(), last, value);
  if (ec == std::errc{} && ptr == last) return value;
  return khz;
}

template <typename T>
void read_member(const nlohmann::ordered_json& json, const char* key, T& into) {
  const auto it = json.find(key);
  if (it != json.end() && !it->is_null()) it->get_to(into);
}

}  // namespace

void to_json(nlohmann::ordered_json& json, const Environment& env) {
  json = nlohmann::ordered_json::object();
  json["kernel"] = env.kernel;
  json["cpu_model"] = env.cpu_model;
  json["tsc_flags"] = env.tsc_flags;
  json["tsc_khz"] = tsc_khz_json(env.tsc_khz);
  nlohmann::ordered_json mitigations = nlohmann::ordered_json::object();
  for (const auto& [name, line] : env.mitigations) mitigations[name] = line;
  json["mitigations"] = std::move(mitigations);
  json["hypervisor"] = env.hypervisor;
  json["hypervisor_signature"] = env.hypervisor_signature;
  json["accel"] = env.accel;
  if (!env.host_kvm.empty()) json["host_kvm"] = env.host_kvm;
  json["cpu"] = env.cpu;
  json["smt"] = env.smt;
  json["governor"] = env.governor;
  if (!env.vcpu_host_cpus.empty()) {
    nlohmann::ordered_json vcpus = nlohmann::ordered_json::object();
    for (const auto& [vcpu, cpus] : env.vcpu_host_cpus) vcpus[vcpu] = cpus;
    json["vcpu_host_cpus"] = std::move(vcpus);
  }
}

void from_json(const nlohmann::ordered_json& json, Environment& env) {
  env = Environment{};
  read_member(json, "kernel", env.kernel);
  read_member(json, "cpu_model", env.cpu_model);
  read_member(json, "tsc_flags", env.tsc_flags);
  if (const auto it = json.find("tsc_khz"); it != json.end() && !it->is_null())
    env.tsc_khz = it->is_string() ? it->get<std::string>() : it->dump();
  if (const auto it = json.find("mitigations"); it != json.end())
    for (const auto& [name, line] : it->items()) env.mitigations.emplace_back(name, line);
  read_member(json, "hypervisor", env.hypervisor);
  read_member(json, "hypervisor_signature", env.hypervisor_signature);
  read_member(json, "accel", env.accel);
  read_member(json, "host_kvm", env.host_kvm);
  read_member(json, "cpu", env.cpu);
  read_member(json, "smt", env.smt);
  read_member(json, "governor", env.governor);
  if (const auto it = json.find("vcpu_host_cpus"); it != json.end() && it->is_object())
    for (const auto& [vcpu, cpus] : it->items()) env.vcpu_host_cpus.emplace_back(vcpu, cpus);
}

}  // namespace iprobe
