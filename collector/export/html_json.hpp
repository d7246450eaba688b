// summary.json members as HTML (part of index.html, html_page.hpp): a run of scalar members as
// one two-column table, each object member as a table of its own (a matrix when its values are
// objects, turned on its side when it is much wider than long), a list of scalars as one cell.
// Every member's element has the id PREFIX--MEMBER.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace iprobe {

// A value as a table cell's text: numbers as measured (integers whole, fractions rounded to a
// readable precision), null as an en dash, a list of scalars comma-separated. Escaped.
std::string json_cell_text(const nlohmann::ordered_json& value);

// The members `keys` of `object` (those it has), in that order.
std::string members_html(const nlohmann::ordered_json& object, const std::vector<std::string>& keys,
                         const std::string& id_prefix);

}  // namespace iprobe
