// Drains /dev/kmsg into a raw log file on its own thread while the loop runs, so a
// printk-mode probe does not overrun the kernel's ring buffer, and audits what it read.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "logs/kmsg_record.hpp"

namespace iprobe {

struct KmsgDrainStats {
  uint64_t records = 0;  // records read and written to the raw log
  uint64_t epipe = 0;    // times the kernel said we fell behind (records were overwritten)
  uint64_t seq_gap = 0;  // records missing between consecutive sequence numbers, counted
                         // from the last record before the drain began
  bool marker_seen = false;
};

class KmsgDrain {
 public:
  // Opens /dev/kmsg positioned after every record already in the buffer (an earlier run's
  // stamps are never read) and starts draining into `raw_log`. `cpu` >= 0 pins the thread.
  // `history_text`, when non-null, receives the messages already in the buffer (for the
  // environment probe, e.g. the TSC calibration lines), not written to the raw log.
  KmsgDrain(const std::filesystem::path& raw_log, int cpu, std::string* history_text = nullptr);
  ~KmsgDrain();
  KmsgDrain(const KmsgDrain&) = delete;
  KmsgDrain& operator=(const KmsgDrain&) = delete;

  // Writes the end marker of `run` into the log and waits until the drain thread has read
  // it (every earlier record then is in the raw log), `timeout` passed or `give_up()` (when
  // set, e.g. a Ctrl-C) says to stop waiting.
  KmsgDrainStats finish(uint32_t run, std::chrono::milliseconds timeout,
                        const std::function<bool()>& give_up = {});

 private:
  void drain();
  // Reads every record already in the ring (their text to `history_text` when non-null);
  // returns the seq of the last one, none when it cannot be known.
  std::optional<uint64_t> skip_backlog(std::string* history_text);

  int fd_ = -1;
  int out_fd_ = -1;
  std::string marker_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> marker_armed_{false};
  std::atomic<bool> done_{false};  // set by the thread when it returns
  KmsgDrainStats stats_;
  KmsgSeqAudit audit_;  // seq gaps, from the last record before the run on
  std::string error_;
  std::thread thread_;
};

}  // namespace iprobe
