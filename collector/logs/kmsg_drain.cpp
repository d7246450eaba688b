#include "logs/kmsg_drain.hpp"

#include <fcntl.h>
#include <ioctl_probe/ioctl_probe.h>
#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "logs/kmsg_record.hpp"
#include "util/cpu_affinity.hpp"

namespace iprobe {

namespace {

constexpr size_t kRecordMax = 8192;  // the kernel returns one record per read, at most ~1 KiB

std::string errno_text() { return std::strerror(errno); }

// The seq of a record, when its header is as expected.
std::optional<uint64_t> record_seq(std::string_view rec) {
  auto record = parse_kmsg_record(rec);
  if (!record) return std::nullopt;
  return record->seq;
}

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("writing the kmsg raw log: " + errno_text());
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

std::optional<uint64_t> KmsgDrain::skip_backlog(std::string* history_text) {
  std::array<char, kRecordMax> buf{};
  std::optional<uint64_t> last;
  for (;;) {
    ssize_t n = ::read(fd_, buf.data(), buf.size());
    if (n < 0 && (errno == EPIPE || errno == EINTR)) continue;  // overwritten under us: go on
    if (n < 0 && errno == EAGAIN) return last;                  // at the end of the ring
    if (n <= 0) break;
    std::string_view rec(buf.data(), static_cast<size_t>(n));
    if (auto seq = record_seq(rec)) last = seq;
    size_t semi = rec.find(';');
    if (history_text != nullptr && semi != std::string_view::npos)
      history_text->append(rec.substr(semi + 1));
  }
  ::lseek(fd_, 0, SEEK_END);  // a read error: skip the rest, the start seq is unknown
  return std::nullopt;
}

KmsgDrain::KmsgDrain(const std::filesystem::path& raw_log, int cpu, std::string* history_text) {
  fd_ = ::open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0)
    throw std::runtime_error("cannot open /dev/kmsg: " + errno_text() +
                             " (run as root; the kernel log is how printk-mode stamps arrive)");
  // Read past whatever is already buffered (stamps of earlier runs must never reach this run's
  // log), keeping the last seq: records overwritten before the drain's first read count too.
  if (auto last = skip_backlog(history_text)) audit_.start_after(*last);
  out_fd_ = ::open(raw_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out_fd_ < 0) {
    ::close(fd_);
    throw std::runtime_error("cannot create " + raw_log.string() + ": " + errno_text());
  }
  thread_ = std::thread([this, cpu] {
    if (cpu >= 0) pin_to_cpu(cpu);  // best effort: a failure only costs precision
    try {
      drain();
    } catch (const std::exception& e) {
      error_ = e.what();
    }
    done_.store(true, std::memory_order_release);
  });
}

void KmsgDrain::drain() {
  std::array<char, kRecordMax> buf{};
  std::string batch;
  batch.reserve(1 << 20);
  bool stopping = false;
  for (;;) {
    ssize_t n = ::read(fd_, buf.data(), buf.size());
    if (n > 0) {
      std::string_view rec(buf.data(), static_cast<size_t>(n));
      if (auto seq = record_seq(rec)) audit_.observe(*seq);
      ++stats_.records;
      batch.append(rec);
      if (!rec.empty() && rec.back() != '\n') batch.push_back('\n');
      if (marker_armed_.load(std::memory_order_acquire) &&
          rec.find(marker_) != std::string_view::npos) {
        stats_.marker_seen = true;
        break;
      }
      if (batch.size() > (1 << 20) - kRecordMax) {
        write_all(out_fd_, batch);
        batch.clear();
      }
      continue;
    }
    if (n < 0 && errno == EPIPE) {  // we fell behind: the kernel overwrote records
      ++stats_.epipe;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN) throw std::runtime_error("reading /dev/kmsg: " + errno_text());
    if (stopping) break;
    if (stop_.load(std::memory_order_acquire)) {
      stopping = true;  // one more pass for what arrived meanwhile
      continue;
    }
    write_all(out_fd_, batch);
    batch.clear();
    pollfd p{fd_, POLLIN, 0};
    ::poll(&p, 1, 20);
  }
  write_all(out_fd_, batch);
}

KmsgDrainStats KmsgDrain::finish(uint32_t run, std::chrono::milliseconds timeout,
                                 const std::function<bool()>& give_up) {
  std::array<char, 64> mark{};
  int len = std::snprintf(mark.data(), mark.size(), IOPROBE_MARK_FMT, run);
  marker_.assign(mark.data(), static_cast<size_t>(len) - 1);  // without the newline
  marker_armed_.store(true, std::memory_order_release);
  int wfd = ::open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
  bool written = wfd >= 0 && ::write(wfd, mark.data(), static_cast<size_t>(len)) == len;
  if (wfd >= 0) ::close(wfd);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  if (written) {
    // The thread stops by itself on the marker; give it until the deadline.
    while (!done_.load(std::memory_order_acquire) && std::chrono::steady_clock::now() < deadline &&
           !(give_up && give_up()))
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stop_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
  if (!error_.empty()) throw std::runtime_error(error_);
  stats_.seq_gap = audit_.lost();
  return stats_;
}

KmsgDrain::~KmsgDrain() {
  stop_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) ::close(fd_);
  if (out_fd_ >= 0) ::close(out_fd_);
}

}  // namespace iprobe
