#include "logs/log_source.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace iprobe {

LogSource LogSource::file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  // A missing file is reported by open(); pipes, FIFOs and sockets are streams.
  const bool rereadable =
      ec || !(std::filesystem::is_fifo(status) || std::filesystem::is_socket(status));
  return LogSource{
      path.string(),
      [path]() -> std::unique_ptr<std::istream> {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) {
          throw std::runtime_error("cannot open: is a directory");
        }
        auto stream = std::make_unique<std::ifstream>(path, std::ios::binary);
        if (!stream->is_open()) {
          throw std::runtime_error(std::string("cannot open: ") + std::strerror(errno));
        }
        return stream;
      },
      rereadable};
}

LogSource LogSource::text(std::string name, std::string content) {
  auto shared = std::make_shared<const std::string>(std::move(content));
  return LogSource{std::move(name), [shared]() -> std::unique_ptr<std::istream> {
                     return std::make_unique<std::istringstream>(*shared);
                   }};
}

}  // namespace iprobe
