#include "logs/kmsg_drain.hpp"

#include <fcntl.h>
#include <ioctl_probe/ioctl_probe.h>
#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "util/cpu_affinity.hpp"
#include "util/kernel_log.hpp"

namespace iprobe {

namespace {

constexpr size_t kRecordMax = 8192;  // the kernel returns one record per read, at most ~1 KiB

std::string errno_text() { return std::strerror(errno); }

// "prio,seq,usec,flags;text": returns seq, or -1 when the header is not as expected.
int64_t record_seq(std::string_view rec) {
  size_t c1 = rec.find(',');
  if (c1 == std::string_view::npos) return -1;
  size_t c2 = rec.find(',', c1 + 1);
  if (c2 == std::string_view::npos) return -1;
  int64_t seq = 0;
  for (size_t i = c1 + 1; i < c2; ++i) {
    if (rec[i] < '0' || rec[i] > '9') return -1;
    seq = seq * 10 + (rec[i] - '0');
  }
  return seq;
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

KmsgDrain::KmsgDrain(const std::filesystem::path& raw_log, int cpu, std::string* history_text) {
  fd_ = ::open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0)
    throw std::runtime_error("cannot open /dev/kmsg: " + errno_text() +
                             " (run as root; the kernel log is how printk-mode stamps arrive)");
  if (history_text != nullptr) history_text->append(read_kernel_log());
  // Skip whatever is still buffered: stamps of earlier runs must never reach this run's log.
  ::lseek(fd_, 0, SEEK_END);
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
  int64_t last_seq = -1;
  bool stopping = false;
  for (;;) {
    ssize_t n = ::read(fd_, buf.data(), buf.size());
    if (n > 0) {
      std::string_view rec(buf.data(), static_cast<size_t>(n));
      int64_t seq = record_seq(rec);
      if (seq >= 0 && last_seq >= 0 && seq > last_seq + 1)
        stats_.seq_gap += static_cast<uint64_t>(seq - last_seq - 1);
      if (seq >= 0) last_seq = seq;
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
  return stats_;
}

KmsgDrain::~KmsgDrain() {
  stop_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) ::close(fd_);
  if (out_fd_ >= 0) ::close(out_fd_);
}

}  // namespace iprobe
