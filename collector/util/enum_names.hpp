// Enums whose values have one spelling on the command line and in the results: a table of
// {value, name} pairs per enum, looked up both ways.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iprobe {

template <typename E>
struct EnumName {
  E value;
  std::string_view name;
};

template <typename E, std::size_t N>
constexpr std::string_view name_in(const std::array<EnumName<E>, N>& table, E value) {
  for (const auto& entry : table)
    if (entry.value == value) return entry.name;
  return {};
}

template <typename E, std::size_t N>
constexpr std::optional<E> value_in(const std::array<EnumName<E>, N>& table,
                                    std::string_view name) {
  for (const auto& entry : table)
    if (entry.name == name) return entry.value;
  return std::nullopt;
}

// "a, b or c" (or "a|b|c" with sep and last_sep "|") of the values for which keep(value) holds:
// for help texts and error messages.
template <typename E, std::size_t N, typename Keep>
std::string names_where(const std::array<EnumName<E>, N>& table, Keep keep,
                        std::string_view last_sep = " or ", std::string_view sep = ", ") {
  std::vector<std::string_view> kept;
  for (const auto& entry : table)
    if (keep(entry.value)) kept.push_back(entry.name);
  std::string list;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) list += i + 1 == kept.size() ? last_sep : sep;
    list += kept[i];
  }
  return list;
}

// "a, b or c": every name of the table.
template <typename E, std::size_t N>
std::string names_in(const std::array<EnumName<E>, N>& table, std::string_view last_sep = " or ",
                     std::string_view sep = ", ") {
  return names_where(
      table, [](E) { return true; }, last_sep, sep);
}

}  // namespace iprobe
