#include "scenarios/qemu/qemu_runner.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "util/file_util.hpp"

namespace bp = boost::process;

namespace iprobe {

std::filesystem::path find_qemu(const std::string& explicit_path) {
  if (!explicit_path.empty()) {
    if (access(explicit_path.c_str(), X_OK) != 0)
      throw std::runtime_error("--qemu " + explicit_path + " is not an executable file");
    return explicit_path;
  }
  auto found = bp::search_path("qemu-system-x86_64");
  if (found.empty())
    throw std::runtime_error(
        "qemu-system-x86_64 not found: install it with `apt-get install qemu-system-x86`");
  return found.string();
}

bool kvm_device_usable() {
  int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

namespace {

// The kernel's first console line; its absence within the deadline means the guest hangs.
constexpr std::string_view kKernelBanner = "Linux version";

std::vector<std::string> qemu_args(const QemuConfig& c) {
  std::vector<std::string> a = {
      "-nodefaults", "-display",
      "none",        "-no-reboot",
      "-accel",      c.accel,
      "-cpu",        c.accel == "kvm" ? "host" : "max",
      "-smp",        std::to_string(c.smp),
      "-m",          std::to_string(c.memory_mb),
      "-serial",     "file:" + c.console_log.string(),
      "-kernel",     c.kernel.string(),
      "-initrd",     c.initrd.string(),
      "-append",     c.append,
      "-drive",      "file=" + c.transfer_image.string() + ",format=raw,if=virtio,cache=unsafe",
  };
  return a;
}

// Reads what was appended to the console log since the last call, line by line.
class ConsoleTail {
 public:
  explicit ConsoleTail(std::filesystem::path path) : path_(std::move(path)) {}
  void poll(const std::function<void(std::string_view)>& on_line, bool flush_partial) {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return;
    in.seekg(static_cast<std::streamoff>(offset_));
    std::string chunk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    offset_ += chunk.size();
    pending_ += chunk;
    size_t start = 0;
    for (size_t nl; (nl = pending_.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::string_view line(pending_.data() + start, nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find(kKernelBanner) != std::string_view::npos) saw_kernel_ = true;
      on_line(line);
    }
    pending_.erase(0, start);
    if (pending_.find(kKernelBanner) != std::string::npos) saw_kernel_ = true;
    if (flush_partial && !pending_.empty()) {
      on_line(pending_);
      pending_.clear();
    }
  }
  [[nodiscard]] bool saw_kernel() const { return saw_kernel_; }

 private:
  std::filesystem::path path_;
  size_t offset_ = 0;
  std::string pending_;
  bool saw_kernel_ = false;
};

}  // namespace

QemuResult run_qemu(const QemuConfig& config,
                    const std::function<void(std::string_view)>& on_line) {
  QemuResult result;
  auto start = std::chrono::steady_clock::now();
  fresh_output_file(config.console_log);  // a stale capture must not be tailed
  bp::child qemu(config.qemu.string(), bp::args(qemu_args(config)),
                 bp::std_in<bp::null, bp::std_out> bp::null,
                 bp::std_err > fresh_output_file(config.qemu_log));
  ConsoleTail tail(config.console_log);
  for (;;) {
    std::error_code ec;
    bool running = qemu.running(ec);
    tail.poll(on_line, !running);
    if (!running) break;
    auto elapsed = std::chrono::steady_clock::now() - start;
    if (config.boot_deadline.count() > 0 && !tail.saw_kernel() && elapsed > config.boot_deadline) {
      result.no_boot = true;
      qemu.terminate();
      break;
    }
    if (elapsed > config.timeout) {
      result.timed_out = true;
      qemu.terminate();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::error_code ec;
  qemu.wait(ec);
  result.exit_code = qemu.exit_code();
  result.saw_kernel = tail.saw_kernel();
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace iprobe
