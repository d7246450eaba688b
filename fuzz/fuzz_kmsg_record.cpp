// libFuzzer target: raw /dev/kmsg record headers and the sequence audit over the input's lines.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "logs/kmsg_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  iprobe::KmsgSeqAudit audit;
  uint64_t records = 0;
  std::size_t pos = 0;
  while (pos <= input.size()) {
    std::size_t nl = input.find('\n', pos);
    if (nl == std::string_view::npos) nl = input.size();
    const std::string_view line = input.substr(pos, nl - pos);
    if (const auto record = iprobe::parse_kmsg_record(line)) {
      if (record->message.data() + record->message.size() != line.data() + line.size()) {
        std::abort();  // the message is the rest of the line
      }
      audit.observe(record->seq);
      ++records;
    } else {
      (void)iprobe::is_kmsg_continuation(line);
    }
    pos = nl + 1;
  }
  if (audit.records() != records || audit.restarts() >= records + 1) std::abort();
  return 0;
}
