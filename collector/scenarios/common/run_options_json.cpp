#include "scenarios/common/run_options_json.hpp"

#include <stdexcept>
#include <string>

using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

template <typename E, std::size_t N>
E named(const std::array<EnumName<E>, N>& table, const Json& json) {
  const std::string text = json.get<std::string>();
  if (const std::optional<E> value = value_in(table, text)) return *value;
  throw std::invalid_argument("'" + text + "' names nothing known");
}

template <typename T>
void read(const Json& j, const char* member, T& value) {
  value = j.at(member).get<T>();
}

void read_path(const Json& j, const char* member, std::filesystem::path& value) {
  value = j.at(member).get<std::string>();
}

Json common_json(const RunOptions& o) {
  Json probes = Json::array();
  for (const Probe p : o.probes) probes.push_back(name(p));
  return Json{{"benchmark", name(o.benchmark)},
              {"scenario", name(o.scenario)},
              {"probes", probes},
              {"mode", name(o.mode)},
              {"accel", name(o.accel)},
              {"in_guest", o.in_guest},
              {"quiet", o.quiet},
              {"rewrite", o.rewrite},
              {"iterations", o.iterations},
              {"warmup", o.warmup},
              {"floor_samples", o.floor_samples},
              {"cpu", o.cpu},
              {"run_id", o.run_id ? Json(*o.run_id) : Json(nullptr)},
              {"output_dir", o.output_dir.string()}};
}

void read_common(const Json& j, RunOptions& o) {
  o.benchmark = named(kBenchmarkNames, j.at("benchmark"));
  o.scenario = named(kScenarioNames, j.at("scenario"));
  for (const Json& p : j.at("probes")) o.probes.push_back(named(kProbeNames, p));
  o.mode = named(kModeNames, j.at("mode"));
  o.accel = named(kAccelNames, j.at("accel"));
  read(j, "in_guest", o.in_guest);
  read(j, "quiet", o.quiet);
  read(j, "rewrite", o.rewrite);
  read(j, "iterations", o.iterations);
  read(j, "warmup", o.warmup);
  read(j, "floor_samples", o.floor_samples);
  read(j, "cpu", o.cpu);
  if (!j.at("run_id").is_null()) o.run_id = j.at("run_id").get<uint32_t>();
  read_path(j, "output_dir", o.output_dir);
}

void add_scenario_json(const RunOptions& o, Json& j) {
  j["module_path"] = o.module_path.string();
  j["loop_path"] = o.loop_path.string();
  j["kernel_image"] = o.kernel_image.string();
  j["qemu"] = o.qemu;
  j["timeout_seconds"] = o.timeout_seconds;
  j["memory_mb"] = o.memory_mb;
  j["guest_kernel_params"] = o.guest_kernel_params;
  j["hermitux_prefix"] = o.hermitux_prefix.string();
  j["hermitux_proxy"] = o.hermitux_proxy.string();
  j["hermitux_kernel"] = o.hermitux_kernel.string();
  j["hermitux_memory"] = o.hermitux_memory;
  j["hermitux_cpus"] = o.hermitux_cpus;
  j["hermitux_force_smp"] = o.hermitux_force_smp;
  j["kvm_device"] = o.kvm_device.string();
  j["entry_variant"] = o.entry_variant;
  j["replay_dir"] = o.replay_dir.string();
}

void read_scenario(const Json& j, RunOptions& o) {
  read_path(j, "module_path", o.module_path);
  read_path(j, "loop_path", o.loop_path);
  read_path(j, "kernel_image", o.kernel_image);
  read(j, "qemu", o.qemu);
  read(j, "timeout_seconds", o.timeout_seconds);
  read(j, "memory_mb", o.memory_mb);
  read(j, "guest_kernel_params", o.guest_kernel_params);
  read_path(j, "hermitux_prefix", o.hermitux_prefix);
  read_path(j, "hermitux_proxy", o.hermitux_proxy);
  read_path(j, "hermitux_kernel", o.hermitux_kernel);
  read(j, "hermitux_memory", o.hermitux_memory);
  read(j, "hermitux_cpus", o.hermitux_cpus);
  read(j, "hermitux_force_smp", o.hermitux_force_smp);
  read_path(j, "kvm_device", o.kvm_device);
  read(j, "entry_variant", o.entry_variant);
  read_path(j, "replay_dir", o.replay_dir);
}

void add_roundtrip_json(const RunOptions& o, Json& j) {
  j["variants"] = o.variants;
  j["variants_explicit"] = o.variants_explicit;
  j["runs"] = o.runs;
  j["subtract_floor"] = o.subtract_floor;
  j["outlier_factor"] = o.outlier_factor;
  j["variant_dir"] = o.variant_dir.string();
}

void read_roundtrip(const Json& j, RunOptions& o) {
  read(j, "variants", o.variants);
  read(j, "variants_explicit", o.variants_explicit);
  read(j, "runs", o.runs);
  read(j, "subtract_floor", o.subtract_floor);
  read(j, "outlier_factor", o.outlier_factor);
  read_path(j, "variant_dir", o.variant_dir);
}

void add_interpose_json(const RunOptions& o, Json& j) {
  j["mechanisms"] = o.mechanisms;
  j["mechanisms_explicit"] = o.mechanisms_explicit;
  j["interpose_calls"] = o.interpose_calls;
  j["supervisor_cpu"] = o.supervisor_cpu;
}

void read_interpose(const Json& j, RunOptions& o) {
  read(j, "mechanisms", o.mechanisms);
  read(j, "mechanisms_explicit", o.mechanisms_explicit);
  read(j, "interpose_calls", o.interpose_calls);
  read(j, "supervisor_cpu", o.supervisor_cpu);
}

}  // namespace

Json run_options_json(const RunOptions& o) {
  Json j = common_json(o);
  add_scenario_json(o, j);
  add_roundtrip_json(o, j);
  add_interpose_json(o, j);
  return j;
}

RunOptions run_options_from_json(const Json& j) {
  try {
    RunOptions o;
    read_common(j, o);
    read_scenario(j, o);
    read_roundtrip(j, o);
    read_interpose(j, o);
    return o;
  } catch (const std::exception& e) {  // nlohmann's, or a name nothing knows
    throw std::runtime_error(std::string("the run options record is damaged: ") + e.what());
  }
}

}  // namespace iprobe
