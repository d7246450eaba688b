#include "collector/log_source.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace iprobe {

LogSource LogSource::file(const std::filesystem::path& path) {
  return LogSource{
      path.string(), [path]() -> std::unique_ptr<std::istream> {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) {
          throw std::runtime_error("cannot open: is a directory");
        }
        auto stream = std::make_unique<std::ifstream>(path, std::ios::binary);
        if (!stream->is_open()) {
          throw std::runtime_error(std::string("cannot open: ") + std::strerror(errno));
        }
        return stream;
      }};
}

LogSource LogSource::text(std::string name, std::string content) {
  auto shared = std::make_shared<const std::string>(std::move(content));
  return LogSource{std::move(name), [shared]() -> std::unique_ptr<std::istream> {
                     return std::make_unique<std::istringstream>(*shared);
                   }};
}

}  // namespace iprobe
