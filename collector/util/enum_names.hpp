// Enums whose values have one spelling on the command line and in the results: a table of
// {value, name} pairs per enum, looked up both ways.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

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

// "a, b or c": for help texts and error messages.
template <typename E, std::size_t N>
std::string names_in(const std::array<EnumName<E>, N>& table, std::string_view last_sep = " or ") {
  std::string list;
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) list += i + 1 == N ? last_sep : std::string_view(", ");
    list += table[i].name;
  }
  return list;
}

}  // namespace iprobe
