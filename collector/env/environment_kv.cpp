// The key=value text form of Environment, shipped from inside a guest to the host.
#include <stdexcept>

#include "env/environment.hpp"

namespace iprobe {
namespace {

constexpr std::string_view kMitigationPrefix = "mitigation.";

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '=':
        out += "\\=";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string unescape(std::string_view s, size_t line_no) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (++i == s.size()) {
      throw std::runtime_error("environment text line " + std::to_string(line_no) +
                               ": dangling backslash; regenerate it with environment_to_kv");
    }
    switch (s[i]) {
      case '\\':
        out += '\\';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case '=':
        out += '=';
        break;
      default:
        throw std::runtime_error("environment text line " + std::to_string(line_no) +
                                 ": unknown escape \\" + std::string(1, s[i]) +
                                 "; regenerate it with environment_to_kv");
    }
  }
  return out;
}

// Position of the first '=' not preceded by an escaping backslash.
size_t find_separator(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;
    } else if (line[i] == '=') {
      return i;
    }
  }
  return std::string_view::npos;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

std::vector<std::string> split(std::string_view s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    const auto space = s.find(' ', pos);
    const auto end = space == std::string_view::npos ? s.size() : space;
    if (end > pos) out.emplace_back(s.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

}  // namespace

std::string environment_to_kv(const Environment& env) {
  std::string out = "format=iprobe-environment-1\n";
  auto put = [&out](std::string_view key, std::string_view value) {
    out += escape(key);
    out += '=';
    out += escape(value);
    out += '\n';
  };
  put("kernel", env.kernel);
  put("cpu_model", env.cpu_model);
  put("tsc_flags", join(env.tsc_flags));
  put("tsc_khz", env.tsc_khz);
  put("hypervisor", env.hypervisor);
  put("hypervisor_signature", env.hypervisor_signature);
  put("accel", env.accel);
  put("cpu", std::to_string(env.cpu));
  put("smt", env.smt);
  put("governor", env.governor);
  for (const auto& [name, line] : env.mitigations) {
    put(std::string(kMitigationPrefix) + name, line);
  }
  return out;
}

Environment environment_from_kv(std::string_view text) {
  Environment env;
  size_t pos = 0;
  size_t line_no = 0;
  while (pos < text.size()) {
    const auto eol = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, eol == std::string_view::npos ? text.size() - pos : eol - pos);
    pos = eol == std::string_view::npos ? text.size() : eol + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    const auto sep = find_separator(line);
    if (sep == std::string_view::npos) {
      throw std::runtime_error("environment text line " + std::to_string(line_no) +
                               ": no '=' in \"" + std::string(line) +
                               "\"; the guest's environment file is corrupt, rerun the guest");
    }
    const std::string key = unescape(line.substr(0, sep), line_no);
    std::string value = unescape(line.substr(sep + 1), line_no);
    if (key == "kernel") {
      env.kernel = std::move(value);
    } else if (key == "cpu_model") {
      env.cpu_model = std::move(value);
    } else if (key == "tsc_flags") {
      env.tsc_flags = split(value);
    } else if (key == "tsc_khz") {
      env.tsc_khz = std::move(value);
    } else if (key == "hypervisor") {
      env.hypervisor = std::move(value);
    } else if (key == "hypervisor_signature") {
      env.hypervisor_signature = std::move(value);
    } else if (key == "accel") {
      env.accel = std::move(value);
    } else if (key == "cpu") {
      size_t used = 0;
      try {
        env.cpu = std::stoi(value, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != value.size()) {
        throw std::runtime_error("environment text line " + std::to_string(line_no) + ": cpu=\"" +
                                 value + "\" is not an integer");
      }
    } else if (key == "smt") {
      env.smt = std::move(value);
    } else if (key == "governor") {
      env.governor = std::move(value);
    } else if (key.starts_with(kMitigationPrefix)) {
      env.mitigations.emplace_back(key.substr(kMitigationPrefix.size()), std::move(value));
    }
    // Unknown keys (format, fields of newer writers) are ignored.
  }
  return env;
}

}  // namespace iprobe
