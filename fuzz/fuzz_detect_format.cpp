// libFuzzer target: log form detection, per-form line splitting and printk loss markers.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "logs/log_format.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const iprobe::LogFormat detected = iprobe::detect_format(input);
  if (detected == iprobe::LogFormat::kAuto) std::abort();
  std::size_t pos = 0;
  while (pos < input.size()) {
    std::size_t nl = input.find('\n', pos);
    if (nl == std::string_view::npos) nl = input.size();
    const std::string_view line = input.substr(pos, nl - pos);
    for (int f = 1; f <= static_cast<int>(iprobe::LogFormat::kUhyve); ++f) {
      const iprobe::LogLine split = iprobe::split_log_line(static_cast<iprobe::LogFormat>(f), line);
      if (split.message.data() < line.data() ||
          split.message.data() + split.message.size() > line.data() + line.size()) {
        std::abort();  // the message is a view into the line
      }
      (void)iprobe::printk_loss_marker(split.message);
    }
    pos = nl + 1;
  }
  return 0;
}
