#include "scenarios/qemu/qemu_guest.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <iostream>
#include <stdexcept>

#include "scenarios/common/interrupt.hpp"
#include "scenarios/common/run_options_json.hpp"
#include "scenarios/qemu/guest_archive.hpp"
#include "scenarios/qemu/guest_layout.hpp"
#include "scenarios/qemu/library_closure.hpp"
#include "scenarios/qemu/qemu_runner.hpp"
#include "util/file_util.hpp"

namespace fs = std::filesystem;

namespace iprobe {

namespace {

// A KVM guest prints its banner well within this; on hosts where KVM guests hang silently
// after the BIOS, waiting longer only delays the fall back to TCG.
constexpr std::chrono::seconds kKvmBootDeadline{8};

void build_initramfs(const fs::path& out, const std::vector<InitramfsFile>& files) {
  InitramfsWriter cpio(out);
  for (const char* dir : {"/proc", "/sys", "/dev", "/tmp", "/bin", "/lib/modules", "/results"})
    cpio.add_directory(dir, 0755);
  // The kernel opens /dev/console for init's stdio before anything is mounted.
  cpio.add_char_device("/dev/console", 0600, 5, 1);
  cpio.add_char_device("/dev/null", 0666, 1, 3);
  const fs::path self = fs::read_symlink("/proc/self/exe");
  cpio.add_file("/init", self, 0755);
  for (const ArchiveFile& lib : shared_library_closure(self))
    cpio.add_file(lib.path_in_archive, lib.real_file, 0755);
  for (const InitramfsFile& file : files)
    cpio.add_file(file.archive_path, file.host_file, file.mode);
  cpio.finish();
}

void create_sparse_file(const fs::path& path, uint64_t size) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || ::ftruncate(fd, static_cast<off_t>(size)) != 0) {
    std::string err = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot create the transfer disk " + path.string() + ": " + err);
  }
  ::close(fd);
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string join_tail(const std::deque<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += "\n  | " + l;
  return out;
}

// One guest: the same initramfs and transfer disk for every boot (KVM, then TCG if KVM guests
// do not boot here); the last console lines are kept for error messages.
class GuestBoot {
 public:
  GuestBoot(const RunOptions& o, QemuConfig config, const GuestSizing& sizing,
            std::string kernel_params)
      : options_(o),
        config_(std::move(config)),
        sizing_(sizing),
        kernel_params_(std::move(kernel_params)) {}

  QemuResult boot(Accel accel, std::chrono::seconds deadline) {
    create_sparse_file(config_.transfer_image, sizing_.transfer_bytes);
    config_.accel = accel;
    config_.boot_deadline = deadline;
    // log_buf_len only ever grows the ring, so the 16M default must go when the user asks
    // for another size (e.g. a distribution's 128K, to check that draining keeps up).
    const std::string& user_params = options_.guest_kernel_params;
    const bool own_log_buf = user_params.find("log_buf_len=") != std::string::npos;
    config_.append = std::string("console=ttyS0 panic=-1 oops=panic printk.devkmsg=on ") +
                     (own_log_buf ? "" : "log_buf_len=16M ") + kernel_params_ + " " + user_params +
                     " rdinit=/init";
    tail_.clear();
    if (!options_.quiet)
      std::cerr << "collector: booting the guest kernel (QEMU " << name(accel) << ")\n";
    return run_qemu(config_, [this](std::string_view line) { on_line(line); });
  }
  [[nodiscard]] std::string tail() const { return join_tail(tail_); }
  [[nodiscard]] const QemuConfig& config() const { return config_; }

 private:
  void on_line(std::string_view line) {
    tail_.emplace_back(line);
    if (tail_.size() > 25) tail_.pop_front();
    if (!options_.quiet && line.rfind(kGuestProgressPrefix, 0) == 0)
      std::cerr << "  [guest] " << line.substr(std::strlen(kGuestProgressPrefix)) << "\n";
  }

  const RunOptions& options_;
  QemuConfig config_;
  GuestSizing sizing_;
  std::string kernel_params_;
  std::deque<std::string> tail_;
};

// Boots under the accelerator asked for; under auto, KVM where a KVM guest really boots, else
// TCG. Returns the accelerator used and how QEMU ended.
std::pair<Accel, QemuResult> boot_with_fallback(const RunOptions& o, GuestBoot& guest) {
  if (o.accel == Accel::kKvm && !kvm_device_usable())
    throw std::runtime_error("--accel kvm: /dev/kvm is missing or not accessible; use --accel tcg");
  const bool try_kvm = o.accel == Accel::kKvm || (o.accel == Accel::kAuto && kvm_device_usable());
  if (try_kvm) {
    QemuResult qr = guest.boot(Accel::kKvm, kKvmBootDeadline);
    if (qr.saw_kernel) return {Accel::kKvm, qr};
    // Either QEMU gave up at once (e.g. an MSR the host refuses) or the guest hangs.
    const std::string why =
        qr.no_boot ? "printed nothing within " + std::to_string(kKvmBootDeadline.count()) + " s"
                   : "ended before the kernel started (QEMU exit " + std::to_string(qr.exit_code) +
                         ": " + first_line(read_text_file(guest.config().qemu_log, 4096)) + ")";
    if (o.accel == Accel::kKvm)
      throw std::runtime_error("the KVM guest " + why +
                               ": KVM does not boot guests on this host; use --accel tcg");
    if (!o.quiet)
      std::cerr << "collector: the KVM guest " << why
                << ": KVM does not boot guests here, using TCG\n";
  }
  return {Accel::kTcg, guest.boot(Accel::kTcg, std::chrono::seconds(0))};
}

}  // namespace

fs::path build_dir() { return fs::read_symlink("/proc/self/exe").parent_path().parent_path(); }

fs::path require_file(const fs::path& explicit_path, const fs::path& fallback,
                      const std::string& what, const std::string& hint) {
  fs::path p = explicit_path.empty() ? fallback : explicit_path;
  if (!fs::exists(p)) throw std::runtime_error(what + " " + p.string() + " not found: " + hint);
  return p;
}

RunOptions guest_run_options(const RunOptions& o, uint32_t run_id) {
  RunOptions guest = o;
  guest.scenario = ScenarioId::kLinux;
  guest.in_guest = true;
  guest.quiet = false;
  guest.output_dir = kGuestResultsDir;
  guest.cpu = o.cpu >= 0 ? o.cpu : 1;
  guest.run_id = run_id;
  return guest;
}

Accel run_guest(const RunOptions& o, const RunOptions& guest_options,
                std::vector<InitramfsFile> files, const GuestSizing& sizing,
                const std::string& kernel_params) {
  const fs::path raw = o.output_dir / "raw";
  const fs::path work = o.output_dir / ".work";
  QemuConfig cfg;
  cfg.qemu = find_qemu(o.qemu);
  cfg.kernel = require_file(o.kernel_image, build_dir() / "guest" / "bzImage", "guest kernel",
                            "build it with `make -f Makefile.kernel guest` (or pass --kernel)");
  cfg.initrd = work / "initramfs.cpio";
  cfg.transfer_image = work / "transfer.img";
  cfg.console_log = raw / "console.log";
  cfg.qemu_log = raw / "qemu-stderr.log";
  cfg.memory_mb = sizing.memory_mb;
  cfg.timeout = sizing.timeout;
  fs::create_directories(raw);
  fs::create_directories(work);
  if (!o.quiet) std::cerr << "collector: building the initramfs\n";
  write_text_file(work / "run-options.json", run_options_json(guest_options).dump(2) + "\n");
  files.push_back({kGuestOptionsFile, work / "run-options.json", 0644});
  build_initramfs(cfg.initrd, files);

  GuestBoot guest(o, cfg, sizing, kernel_params);
  const auto [accel, qr] = boot_with_fallback(o, guest);
  if (interrupted()) throw std::runtime_error("interrupted: the guest was stopped");
  if (qr.timed_out)
    throw std::runtime_error(
        "the guest did not finish within " + std::to_string(cfg.timeout.count()) +
        " s and was killed (raise --timeout); last console lines:" + guest.tail());
  try {
    extract_results_tar(cfg.transfer_image, raw);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(e.what()) + " (QEMU exit " + std::to_string(qr.exit_code) +
                             "; console in " + cfg.console_log.string() +
                             "); last console lines:" + guest.tail());
  }
  if (fs::exists(raw / kGuestErrorFile))
    throw std::runtime_error("in the guest: " + read_text_file(raw / kGuestErrorFile, 4096));
  fs::remove_all(work);
  return accel;
}

std::vector<std::string> guest_warnings(const std::vector<std::string>& warnings) {
  std::vector<std::string> marked;
  marked.reserve(warnings.size());
  for (const std::string& w : warnings) marked.push_back("guest: " + w);
  return marked;
}

}  // namespace iprobe
