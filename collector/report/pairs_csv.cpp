#include <array>
#include <charconv>
#include <fstream>
#include <stdexcept>
#include <string>

#include "logs/stamp_line.hpp"
#include "report/report_output.hpp"

namespace iprobe {
namespace {

constexpr std::size_t kFlushAt = std::size_t{1} << 20;

template <typename T>
void append_number(std::string& out, T value) {
  std::array<char, 24> text{};
  const auto result = std::to_chars(text.data(), text.data() + text.size(), value);
  out.append(text.data(), static_cast<std::size_t>(result.ptr - text.data()));
}

}  // namespace

void write_pairs_csv(std::ostream& out, std::span<const Pair> pairs) {
  std::string buffer = "run,seq,cpu,kernel_cpu,user_tsc,kernel_tsc,delta\n";
  buffer.reserve(kFlushAt + 128);
  // Pairs usually all carry the same run: format its id once.
  uint32_t cached_run = 0;
  std::string run_text = run_hex(cached_run);
  for (const Pair& pair : pairs) {
    if (pair.run != cached_run) {
      cached_run = pair.run;
      run_text = run_hex(cached_run);
    }
    buffer += run_text;
    buffer.push_back(',');
    append_number(buffer, pair.seq);
    buffer.push_back(',');
    append_number(buffer, pair.user_cpu);
    buffer.push_back(',');
    append_number(buffer, pair.kernel_cpu);
    buffer.push_back(',');
    append_number(buffer, pair.user_tsc);
    buffer.push_back(',');
    append_number(buffer, pair.kernel_tsc);
    buffer.push_back(',');
    append_number(buffer, pair.delta);
    buffer.push_back('\n');
    if (buffer.size() >= kFlushAt) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      buffer.clear();
    }
  }
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

void write_pairs_csv(const std::filesystem::path& path, std::span<const Pair> pairs) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write pairs '" + path.string() + "'");
  write_pairs_csv(out, pairs);
  out.flush();
  if (!out) throw std::runtime_error("error writing pairs '" + path.string() + "'");
}

}  // namespace iprobe
