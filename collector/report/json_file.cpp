#include "report/json_file.hpp"

#include <fstream>
#include <stdexcept>

#include "util/file_util.hpp"

namespace iprobe {

void write_json(std::ostream& out, const nlohmann::ordered_json& json) {
  out << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

void write_json_file(const std::filesystem::path& path, const char* what,
                     const nlohmann::ordered_json& json) {
  write_output_file(path, what, [&](std::ostream& out) { write_json(out, json); });
}

nlohmann::ordered_json read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read '" + path.string() + "'");
  try {
    return nlohmann::ordered_json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(path.string() + " is not valid JSON (" + e.what() +
                             "): the results folder is damaged; rerun the measurement");
  }
}

}  // namespace iprobe
