#include "scenarios/qemu/qemu_runner.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "scenarios/common/child_process.hpp"
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

// QEMU splits -drive's value on commas; a comma inside the path is written twice.
std::string qemu_option_value(const std::string& value) {
  std::string escaped;
  for (char c : value) {
    escaped += c;
    if (c == ',') escaped += ',';
  }
  return escaped;
}

// Under TCG the vCPUs share one host thread (thread=single). Multi-threaded TCG (QEMU 7.2)
// lets a vCPU run a stale int3 after another vCPU's text_poke_bp() has finished: the guest
// oopses on it at any patched site, and enabling a tracepoint patches sites (seen: an int3
// at try_to_wake_up's sched_wakeup call while the guest enabled the syscall events).
// Emulated cycles are no results either way; a guest that crashes is no pipeline test.
std::string accel_argument(Accel accel) {
  return accel == Accel::kTcg ? name(accel) + ",thread=single" : name(accel);
}

std::vector<std::string> qemu_args(const QemuConfig& c) {
  const std::string drive =
      "file=" + qemu_option_value(c.transfer_image.string()) + ",format=raw,if=virtio,cache=unsafe";
  std::vector<std::string> a = {
      "-nodefaults",
      "-display",
      "none",
      "-no-reboot",
      // Thread names ("CPU 1/KVM") let the vCPU threads be found and pinned.
      "-name",
      "debug-threads=on",
      "-accel",
      accel_argument(c.accel),
      "-cpu",
      c.accel == Accel::kKvm ? "host" : "max",
      "-smp",
      std::to_string(c.smp),
      "-m",
      std::to_string(c.memory_mb),
      "-serial",
      "file:" + c.console_log.string(),
      "-kernel",
      c.kernel.string(),
      "-initrd",
      c.initrd.string(),
      "-append",
      c.append,
      "-drive",
      drive,
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
  fresh_output_file(config.console_log);  // a stale capture must not be tailed
  ConsoleTail tail(config.console_log);
  const auto start = std::chrono::steady_clock::now();
  ChildSpec spec;
  spec.program = config.qemu;
  spec.args = qemu_args(config);
  spec.stderr_file = config.qemu_log;
  spec.timeout = config.timeout;
  spec.poll_interval = std::chrono::milliseconds(50);
  std::optional<QemuVcpuPinner> pinner;
  if (config.vcpu_plan) pinner.emplace(*config.vcpu_plan);
  spec.on_start = [&](int pid) {
    if (!pinner) return;
    pinner->attach(pid);
    pinner->pin_new_threads();
  };
  spec.on_poll = [&](bool running) {
    if (pinner && running) pinner->pin_new_threads();
    tail.poll(on_line, !running);
    const bool hangs = config.boot_deadline.count() > 0 && !tail.saw_kernel() &&
                       std::chrono::steady_clock::now() - start > config.boot_deadline;
    return !(running && hangs);
  };
  const ChildResult child = run_child(spec);
  result.no_boot = child.stopped;
  result.timed_out = child.timed_out;
  result.exit_code = child.exit_code;
  result.saw_kernel = tail.saw_kernel();
  result.wall_seconds = child.wall_seconds;
  if (pinner) {
    result.vcpu_threads_found = pinner->vcpu_threads_found();
    result.threads_not_moved = pinner->failed();
  }
  return result;
}

}  // namespace iprobe
