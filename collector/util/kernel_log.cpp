#include "util/kernel_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <string_view>

namespace iprobe {

std::string read_kernel_log() {
  const int fd = ::open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return {};
  std::string text;
  std::array<char, 8192> record{};  // one record per read, at most ~1 KiB
  for (;;) {
    const ssize_t n = ::read(fd, record.data(), record.size());
    if (n < 0 && (errno == EPIPE || errno == EINTR)) continue;  // overwritten meanwhile
    if (n <= 0) break;
    const std::string_view rec(record.data(), static_cast<size_t>(n));
    const size_t semi = rec.find(';');  // "prio,seq,usec,flags;text"
    if (semi != std::string_view::npos) text.append(rec.substr(semi + 1));
  }
  ::close(fd);
  return text;
}

}  // namespace iprobe
