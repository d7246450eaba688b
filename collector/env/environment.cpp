// Probing of the measurement environment from /proc, /sys, CPUID and kernel log text.
#include "env/environment.hpp"

#include <sys/utsname.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace iprobe {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 5> kTscFlags = {"constant_tsc", "nonstop_tsc",
                                                       "tsc_known_freq", "rdtscp", "tsc_reliable"};

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

// Path below root; absolute `rel` is taken relative to root.
fs::path under(const fs::path& root, std::string_view rel) {
  return root / fs::path(rel).relative_path();
}

std::optional<std::string> read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
}

std::string first_line(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return {};
  return std::string(trim(line));
}

struct CpuinfoBlock {
  int processor = -1;
  std::string model_name;
  std::string flags;
  std::string mhz;
};

std::vector<CpuinfoBlock> parse_cpuinfo(std::string_view text) {
  std::vector<CpuinfoBlock> blocks;
  CpuinfoBlock current;
  bool in_block = false;
  std::istringstream in{std::string(text)};
  std::string line;
  auto flush = [&] {
    if (in_block) blocks.push_back(current);
    current = {};
    in_block = false;
  };
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (trim(line).empty()) {
      flush();
      continue;
    }
    if (colon == std::string::npos) continue;
    const std::string key(trim(std::string_view(line).substr(0, colon)));
    const std::string value(trim(std::string_view(line).substr(colon + 1)));
    in_block = true;
    if (key == "processor") {
      try {
        current.processor = std::stoi(value);
      } catch (const std::exception&) {
        current.processor = -1;
      }
    } else if (key == "model name") {
      current.model_name = value;
    } else if (key == "flags" || key == "Features") {
      current.flags = value;
    } else if (key == "cpu MHz") {
      current.mhz = value;
    }
  }
  flush();
  return blocks;
}

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  std::string word;
  while (in >> word) out.push_back(word);
  return out;
}

// "2994.374" MHz -> "2994374" kHz, without floating point. nullopt on malformed input.
std::optional<std::string> mhz_to_khz(std::string_view mhz) {
  mhz = trim(mhz);
  const auto dot = mhz.find('.');
  const std::string_view whole = mhz.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view{} : mhz.substr(dot + 1);
  if (whole.empty() || whole.size() > 9) return std::nullopt;
  auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(whole) || !digits(frac)) return std::nullopt;
  std::string khz_frac(frac.substr(0, 3));
  khz_frac.resize(3, '0');
  uint64_t khz = std::stoull(std::string(whole)) * 1000 + std::stoull(khz_frac);
  // Round on the fourth fractional digit.
  if (frac.size() > 3 && frac[3] >= '5') ++khz;
  return std::to_string(khz);
}

// The number right before " MHz" following `marker` in `line`.
std::optional<std::string> mhz_after(std::string_view line, std::string_view marker) {
  const auto at = line.find(marker);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = line.substr(at + marker.size());
  const auto unit = rest.find(" MHz");
  if (unit == std::string_view::npos) return std::nullopt;
  return mhz_to_khz(rest.substr(0, unit));
}

// "Hypervisor detected: KVM" in the kernel log -> "kvm".
std::string hypervisor_from_dmesg(std::string_view dmesg) {
  constexpr std::string_view kMarker = "Hypervisor detected: ";
  const auto at = dmesg.rfind(kMarker);
  if (at == std::string_view::npos) return {};
  std::string_view rest = dmesg.substr(at + kMarker.size());
  rest = trim(rest.substr(0, rest.find('\n')));
  std::string name(rest);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  constexpr std::string_view kHyperV = "hyperv";
  return name == "microsoft hyper-v" ? std::string(kHyperV) : name;
}

std::vector<std::pair<std::string, std::string>> read_mitigations(const fs::path& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    out.emplace_back(it->path().filename().string(), first_line(it->path()));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The KVM implementation module loaded (kvm_pvm first: it would be the one /dev/kvm serves).
std::string kvm_module(const fs::path& root) {
  for (const char* name : {"kvm_pvm", "kvm_intel", "kvm_amd"}) {
    std::error_code ec;
    if (fs::is_directory(under(root, std::string("/sys/module/") + name), ec)) return name;
  }
  return {};
}

std::string uname_release() {
  struct utsname u {};
  if (uname(&u) != 0) return {};
  return u.release;
}

}  // namespace

std::string cpuid_hypervisor_signature() {
#if defined(__x86_64__) || defined(__i386__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) return {};
  if ((ecx & (1u << 31)) == 0) return {};  // hypervisor-present bit
  __cpuid(0x40000000, eax, ebx, ecx, edx);
  std::array<char, 12> sig{};
  std::memcpy(sig.data(), &ebx, 4);
  std::memcpy(sig.data() + 4, &ecx, 4);
  std::memcpy(sig.data() + 8, &edx, 4);
  std::string out(sig.data(), sig.size());
  out.erase(std::find(out.begin(), out.end(), '\0'), out.end());
  return out;
#else
  return {};
#endif
}

std::string hypervisor_vendor_from_signature(std::string_view signature) {
  static const std::map<std::string_view, std::string_view> kVendors = {
      {"KVMKVMKVM", "kvm"},       {"TCGTCGTCGTCG", "tcg"},     {"Microsoft Hv", "hyperv"},
      {"VMwareVMware", "vmware"}, {"XenVMMXenVMM", "xen"},     {"VBoxVBoxVBox", "virtualbox"},
      {"bhyve bhyve ", "bhyve"},  {"ACRNACRNACRN", "acrn"},    {"Jailhouse", "jailhouse"},
      {"QNXQVMBSQG", "qnx"},      {" lrpepyh vr", "parallels"}};
  const auto it = kVendors.find(signature);
  return std::string(it == kVendors.end() ? signature : it->second);
}

std::optional<std::string> tsc_khz_from_dmesg(std::string_view dmesg) {
  std::optional<std::string> refined;
  std::optional<std::string> detected;
  size_t pos = 0;
  while (pos < dmesg.size()) {
    const auto eol = dmesg.find('\n', pos);
    const std::string_view line =
        dmesg.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? dmesg.size() : eol + 1;
    if (auto khz = mhz_after(line, "tsc: Refined TSC clocksource calibration: ")) refined = khz;
    if (auto khz = mhz_after(line, "tsc: Detected ")) detected = khz;
  }
  return refined ? refined : detected;
}

Environment probe_environment_with_signature(const fs::path& root, int cpu, std::string_view dmesg,
                                             const std::string& cpuid_signature) {
  Environment env;
  env.cpu = cpu;
  const bool live = root == fs::path("/");

  env.kernel = first_line(under(root, "/proc/sys/kernel/osrelease"));
  if (env.kernel.empty() && live) env.kernel = uname_release();

  const auto blocks = parse_cpuinfo(read_text(under(root, "/proc/cpuinfo")).value_or(""));
  const CpuinfoBlock* chosen = blocks.empty() ? nullptr : &blocks.front();
  for (const auto& b : blocks) {
    if (cpu >= 0 && b.processor == cpu) chosen = &b;
  }
  std::vector<std::string> flags;
  if (chosen != nullptr) {
    env.cpu_model = chosen->model_name;
    flags = split_words(chosen->flags);
  }
  auto has_flag = [&](std::string_view f) {
    return std::find(flags.begin(), flags.end(), f) != flags.end();
  };
  for (auto f : kTscFlags) {
    if (has_flag(f)) env.tsc_flags.emplace_back(f);
  }

  env.hypervisor_signature = cpuid_signature;
  if (!cpuid_signature.empty()) {
    env.hypervisor = hypervisor_vendor_from_signature(cpuid_signature);
  } else if (auto type = first_line(under(root, "/sys/hypervisor/type")); !type.empty()) {
    env.hypervisor = type;
  } else if (auto named = hypervisor_from_dmesg(dmesg); !named.empty()) {
    env.hypervisor = named;
  } else if (has_flag("hypervisor")) {
    env.hypervisor = "present";
  }

  const std::string cpu_dir = "/sys/devices/system/cpu/cpu" + std::to_string(cpu < 0 ? 0 : cpu);
  if (auto khz = first_line(under(root, "/sys/devices/system/cpu/cpu0/tsc_freq_khz"));
      !khz.empty()) {
    env.tsc_khz = khz;
  } else if (auto from_log = tsc_khz_from_dmesg(dmesg)) {
    env.tsc_khz = *from_log;
  } else if (chosen != nullptr && !chosen->mhz.empty()) {
    if (auto approx = mhz_to_khz(chosen->mhz)) env.tsc_khz = "~" + *approx + " (cpu MHz)";
  }

  env.host_kvm = kvm_module(root);
  env.mitigations = read_mitigations(under(root, "/sys/devices/system/cpu/vulnerabilities"));
  env.smt = first_line(under(root, "/sys/devices/system/cpu/smt/control"));
  env.governor = first_line(under(root, cpu_dir + "/cpufreq/scaling_governor"));
  return env;
}

Environment probe_environment(const fs::path& root, int cpu, std::string_view dmesg) {
  const std::string signature = root == fs::path("/") ? cpuid_hypervisor_signature() : "";
  return probe_environment_with_signature(root, cpu, dmesg, signature);
}

}  // namespace iprobe
