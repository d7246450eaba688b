#include "export/html_json.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "export/html_page.hpp"
#include "util/text_format.hpp"

using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

// Wider than this and wider than long: rows and columns swap.
constexpr std::size_t kMaxColumns = 10;
// An object of at most this many numbers reads best as one row.
constexpr std::size_t kMaxRowCells = 8;

bool scalar_like(const Json& v) {
  if (v.is_primitive()) return true;
  return v.is_array() &&
         std::all_of(v.begin(), v.end(), [](const Json& e) { return e.is_primitive(); });
}

std::string number_text(const Json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  const double x = v.get<double>();
  if (!std::isfinite(x)) return v.dump();
  if (x == std::floor(x) && std::fabs(x) < 1e15) return fixed(x, 0);
  if (std::fabs(x) >= 100) return fixed(x, 1);
  if (std::fabs(x) >= 1) return fixed(x, 2);
  return general(x, 3);
}

std::string cell(const Json& v) {
  const bool number = v.is_number();
  return std::string(number ? "<td class=\"num\">" : "<td>") + json_cell_text(v) + "</td>";
}

// A nested object flattened to "a.b" keys (lists of scalars stay whole).
void flatten(const Json& v, const std::string& prefix,
             std::vector<std::pair<std::string, Json>>& out) {
  if (!v.is_object() || v.empty()) {
    out.emplace_back(prefix, v);
    return;
  }
  for (const auto& [key, inner] : v.items())
    flatten(inner, prefix.empty() ? key : prefix + "." + key, out);
}

std::string caption(const std::string& key) {
  return "<caption><code>" + html_escape(key) + "</code></caption>";
}

std::string vertical_table(const std::vector<std::pair<std::string, Json>>& rows) {
  std::string out;
  for (const auto& [key, value] : rows)
    out += "<tr><th scope=\"row\">" + html_escape(key) + "</th>" + cell(value) + "</tr>";
  return out;
}

// Rows named by the outer keys, columns by the inner (flattened) keys, in order of appearance.
std::string matrix_table(const Json& object) {
  std::vector<std::string> columns;
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, Json>>>> rows;
  for (const auto& [key, value] : object.items()) {
    std::vector<std::pair<std::string, Json>> cells;
    flatten(value, "", cells);
    for (const auto& c : cells)
      if (std::find(columns.begin(), columns.end(), c.first) == columns.end())
        columns.push_back(c.first);
    rows.emplace_back(key, std::move(cells));
  }
  auto value_at = [](const auto& cells, const std::string& column) -> Json {
    for (const auto& c : cells)
      if (c.first == column) return c.second;
    return nullptr;
  };
  std::string out;
  const bool turned = columns.size() > kMaxColumns && columns.size() > rows.size();
  if (turned) {
    out += "<thead><tr><th></th>";
    for (const auto& row : rows) out += "<th scope=\"col\">" + html_escape(row.first) + "</th>";
    out += "</tr></thead><tbody>";
    for (const std::string& column : columns) {
      out += "<tr><th scope=\"row\">" + html_escape(column) + "</th>";
      for (const auto& row : rows) out += cell(value_at(row.second, column));
      out += "</tr>";
    }
    return out + "</tbody>";
  }
  out += "<thead><tr><th></th>";
  for (const std::string& column : columns)
    out += "<th scope=\"col\">" + html_escape(column) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& row : rows) {
    out += "<tr><th scope=\"row\">" + html_escape(row.first) + "</th>";
    for (const std::string& column : columns) out += cell(value_at(row.second, column));
    out += "</tr>";
  }
  return out + "</tbody>";
}

std::string object_table(const std::string& key, const Json& object, const std::string& id) {
  std::string out = "<div class=\"scroll\"><table id=\"" + id + "\">" + caption(key);
  const bool flat = std::all_of(object.begin(), object.end(), scalar_like);
  const bool nested =
      std::all_of(object.begin(), object.end(), [](const Json& v) { return v.is_object(); });
  if (object.empty()) {
    out += "<tbody><tr><td>none</td></tr></tbody>";
  } else if (nested) {
    out += matrix_table(object);
  } else if (!flat) {  // scalars and objects mixed: one row per flattened member
    std::vector<std::pair<std::string, Json>> rows;
    flatten(object, "", rows);
    out += "<tbody>" + vertical_table(rows) + "</tbody>";
  } else if (object.size() <= kMaxRowCells &&
             std::all_of(object.begin(), object.end(),
                         [](const Json& v) { return v.is_number(); })) {
    out += "<thead><tr>";
    for (const auto& [name, value] : object.items())
      out += "<th scope=\"col\">" + html_escape(name) + "</th>";
    out += "</tr></thead><tbody><tr>";
    for (const auto& [name, value] : object.items()) out += cell(value);
    out += "</tr></tbody>";
  } else {
    std::vector<std::pair<std::string, Json>> rows;
    for (const auto& [name, value] : object.items()) rows.emplace_back(name, value);
    out += "<tbody>" + vertical_table(rows) + "</tbody>";
  }
  return out + "</table></div>\n";
}

}  // namespace

std::string json_cell_text(const Json& v) {
  if (v.is_null()) return "&ndash;";
  if (v.is_number()) return number_text(v);
  if (v.is_string()) {
    // An absolute path (a loop's binary) reads by its file name; the whole path on hover.
    const std::string text = v.get<std::string>();
    const std::size_t slash = text.rfind('/');
    if (text.size() > 1 && text.front() == '/' && slash + 1 < text.size() &&
        text.find(' ') == std::string::npos)
      return "<span title=\"" + html_escape(text) + "\">" + html_escape(text.substr(slash + 1)) +
             "</span>";
    return html_escape(text);
  }
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_array()) {
    if (v.empty()) return "none";
    std::string out;
    for (const Json& e : v) out += (out.empty() ? "" : ", ") + json_cell_text(e);
    return out;
  }
  return html_escape(v.dump());
}

std::string members_html(const Json& object, const std::vector<std::string>& keys,
                         const std::string& id_prefix) {
  std::string out;
  std::string scalars;  // consecutive scalar members: one two-column table
  auto flush = [&] {
    if (!scalars.empty()) out += "<table class=\"kv\"><tbody>" + scalars + "</tbody></table>\n";
    scalars.clear();
  };
  for (const std::string& key : keys) {
    if (!object.contains(key)) continue;
    const Json& value = object.at(key);
    const std::string id = id_prefix + "--" + html_id(key);
    if (scalar_like(value)) {
      scalars += "<tr id=\"" + id + "\"><th scope=\"row\">" + html_escape(key) + "</th>" +
                 cell(value) + "</tr>";
      continue;
    }
    flush();
    if (value.is_object()) {
      out += object_table(key, value, id);
    } else {  // a list of objects: one row each
      Json rows = Json::object();
      for (std::size_t i = 0; i < value.size(); ++i) rows[std::to_string(i + 1)] = value[i];
      out += object_table(key, rows, id);
    }
  }
  flush();
  return out;
}

}  // namespace iprobe
