#include "compare/compare_environment.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "env/environment.hpp"

namespace iprobe {
namespace {

// "cpu MHz" estimates of one machine (and of one QEMU guest) vary by about 0.1%.
constexpr double kTscTolerance = 0.005;

// The number in "2442506" or "~2299998 (cpu MHz)"; nullopt when there is none.
std::optional<double> tsc_khz_value(const std::string& text) {
  const std::size_t start = text.find_first_of("0123456789");
  if (start == std::string::npos) return std::nullopt;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data() + start, text.data() + text.size(), value);
  if (ec != std::errc{}) return std::nullopt;
  return value;
}

bool tsc_equal(const std::string& a, const std::string& b) {
  const auto x = tsc_khz_value(a);
  const auto y = tsc_khz_value(b);
  if (!x || !y) return a == b;
  return std::fabs(*x - *y) <= kTscTolerance * std::max(*x, *y);
}

using Getter = std::function<std::optional<std::string>(const Environment&)>;
using Same = std::function<bool(const std::string&, const std::string&)>;

// The folders' values of one field (folders without the value skipped); a difference when two
// of them are not the same.
std::optional<EnvironmentDifference> compare_field(std::span<const CompareFolder> folders,
                                                   std::string field, std::string why,
                                                   const Getter& get, const Same& same) {
  EnvironmentDifference d{std::move(field), std::move(why), {}};
  for (const CompareFolder& f : folders) {
    const std::optional<std::string> value = get(f.environment);
    if (!value) continue;
    auto it = d.values.begin();
    while (it != d.values.end() && !same(it->first, *value)) ++it;
    if (it == d.values.end()) {
      d.values.push_back({*value, {f.folder}});
    } else {
      it->second.push_back(f.folder);
    }
  }
  if (d.values.size() < 2) return std::nullopt;
  return d;
}

std::optional<std::string> known(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return value;
}

std::optional<std::string> mitigation(const Environment& e, const std::string& name) {
  for (const auto& [vulnerability, line] : e.mitigations)
    if (vulnerability == name) return line;
  return std::nullopt;
}

}  // namespace

std::string cycle_kind(const Environment& e) {
  if (tcg_accel(e) || e.hypervisor == "tcg") return "emulated (tcg)";
  if (kvm_emulates_ring0(e)) return "emulated (kvm_pvm)";
  return "hardware";
}

std::vector<EnvironmentDifference> environment_differences(std::span<const CompareFolder> folders) {
  const Same equal = [](const std::string& a, const std::string& b) { return a == b; };
  std::vector<std::optional<EnvironmentDifference>> found;
  found.push_back(compare_field(
      folders, "cpu_model", "another CPU, another machine",
      [](const Environment& e) { return known(e.cpu_model); }, equal));
  found.push_back(compare_field(
      folders, "tsc_khz", "another TSC rate: cycles of another length",
      [](const Environment& e) { return known(e.tsc_khz); }, tsc_equal));
  found.push_back(compare_field(
      folders, "cycles", "emulated cycles are not hardware cycles",
      [](const Environment& e) { return cycle_kind(e); }, equal));
  std::set<std::string> names;
  for (const CompareFolder& f : folders)
    for (const auto& [name, line] : f.environment.mitigations) names.insert(name);
  for (const std::string& name : names)
    found.push_back(compare_field(
        folders, "mitigations." + name, "mitigations change the cost of a system call several-fold",
        [&](const Environment& e) { return mitigation(e, name); }, equal));
  std::vector<EnvironmentDifference> out;
  for (auto& d : found)
    if (d) out.push_back(std::move(*d));
  return out;
}

std::string describe_difference(const EnvironmentDifference& d) {
  std::string out = d.field + " differs (";
  for (std::size_t i = 0; i < d.values.size(); ++i) {
    out += (i ? "; '" : "'") + d.values[i].first + "' in ";
    for (std::size_t j = 0; j < d.values[i].second.size(); ++j)
      out += (j ? ", " : "") + d.values[i].second[j];
  }
  return out + "): " + d.why;
}

std::string refusal_line(std::span<const EnvironmentDifference> differences) {
  std::string out = "the folders come from different machines or environments: ";
  out += describe_difference(differences.front());
  if (differences.size() > 1) {
    out += " (also differ:";
    for (std::size_t i = 1; i < differences.size(); ++i) out += " " + differences[i].field;
    out += ")";
  }
  return out + "; compare folders of one machine, or add --mixed to draw them anyway";
}

Comparison make_comparison(std::vector<CompareFolder> folders, bool mixed) {
  Comparison c;
  c.differences = environment_differences(folders);
  if (!c.differences.empty() && !mixed) throw CompareInputError(refusal_line(c.differences));
  std::map<std::string, int> uses;
  for (const CompareFolder& f : folders)
    for (const CompareSeries& s : f.series) ++uses[s.label()];
  for (const CompareFolder& f : folders)
    for (CompareSeries s : f.series) {
      if (uses[s.label()] > 1) s.tag = " [" + folder_name(f.folder) + "]";
      c.series.push_back(std::move(s));
    }
  std::stable_sort(
      c.series.begin(), c.series.end(),
      [](const CompareSeries& a, const CompareSeries& b) { return a.height() > b.height(); });
  c.folders = std::move(folders);
  return c;
}

}  // namespace iprobe
