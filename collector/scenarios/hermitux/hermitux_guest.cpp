#include "scenarios/hermitux/hermitux_guest.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <thread>

#include "scenarios/common/child_process.hpp"
#include "util/cpu_affinity.hpp"
#include "util/file_util.hpp"

namespace bp = boost::process;
namespace fs = std::filesystem;

namespace iprobe {
namespace {

void require_file(const fs::path& path, const std::string& what, const std::string& hint) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw std::runtime_error(what + " not found at " + path.string() + ": " + hint);
}

}  // namespace

HermituxInstall find_hermitux(const RunOptions& o) {
  fs::path prefix = o.hermitux_prefix;
  if (prefix.empty()) {
    if (const char* env = std::getenv("HERMITUX_PREFIX"); env != nullptr && *env != '\0')
      prefix = env;
  }
  HermituxInstall install{o.hermitux_proxy, o.hermitux_kernel};
  if ((install.proxy.empty() || install.kernel.empty()) && prefix.empty())
    throw std::runtime_error(
        "where is HermiTux? pass --hermitux-prefix PATH (the hermitux-kernel install prefix, "
        "holding bin/proxy and x86_64-hermit/extra/tests/hermitux), or --hermitux-proxy and "
        "--hermitux-kernel, or set HERMITUX_PREFIX");
  if (!prefix.empty()) {
    std::error_code ec;
    if (!fs::is_directory(prefix, ec))
      throw std::runtime_error("--hermitux-prefix " + prefix.string() + " is not a directory");
  }
  if (install.proxy.empty()) install.proxy = prefix / "bin" / "proxy";
  if (install.kernel.empty())
    install.kernel = prefix / "x86_64-hermit" / "extra" / "tests" / "hermitux";
  const std::string hint = prefix.empty() ? "check the path"
                                          : "is " + prefix.string() +
                                                " a HermiTux install prefix (make install of "
                                                "hermitux-kernel)? or pass the file's own flag";
  require_file(install.proxy, "HermiTux's proxy (uhyve launcher)", hint);
  require_file(install.kernel, "the HermiTux kernel image", hint);
  if (::access(install.proxy.c_str(), X_OK) != 0)
    throw std::runtime_error(install.proxy.string() + " is not executable");
  return install;
}

void check_kvm_usable(const fs::path& device) {
  std::error_code ec;
  if (!fs::exists(device, ec))
    throw std::runtime_error(device.string() +
                             " is missing: HermiTux runs under uhyve, which needs KVM (hardware "
                             "virtualization enabled in the firmware and the kvm_intel or kvm_amd "
                             "module loaded)");
  const int fd = ::open(device.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    throw std::runtime_error("cannot open " + device.string() +
                             " read-write: " + std::strerror(err) +
                             (err == EACCES ? " (add yourself to the kvm group or use sudo)" : ""));
  }
  ::close(fd);
}

GuestOutcome run_hermitux_guest(const HermituxInstall& install, const HermituxGuestSettings& s,
                                const fs::path& program, const std::vector<std::string>& args,
                                const fs::path& stdout_file, const fs::path& stderr_file) {
  ChildSpec spec;
  spec.program = install.proxy;
  spec.args = {install.kernel.string(), program.string()};
  spec.args.insert(spec.args.end(), args.begin(), args.end());
  spec.environment = {{"HERMIT_ISLE", "uhyve"},
                      {"HERMIT_TUX", "1"},
                      {"HERMIT_VERBOSE", "1"},
                      {"HERMIT_MEM", s.memory},
                      {"HERMIT_CPUS", std::to_string(s.cpus)}};
  spec.stdout_file = stdout_file;
  spec.stderr_file = stderr_file;
  spec.cpu = s.host_cpu;
  spec.timeout = std::chrono::seconds(s.timeout_seconds);
  spec.poll_interval = std::chrono::milliseconds(20);
  VcpuPinner pinner(s.vcpus);
  spec.on_start = [&](int pid) {
    pinner.attach(pid);
    pinner.pin_new_threads();
  };
  const auto start = std::chrono::steady_clock::now();
  auto next_report = start + std::chrono::seconds(15);
  spec.on_poll = [&](bool running) {
    if (running) pinner.pin_new_threads();
    if (!running || !s.progress || std::chrono::steady_clock::now() <= next_report) return true;
    next_report += std::chrono::seconds(15);
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
    std::error_code size_ec;
    const auto bytes = fs::file_size(stdout_file, size_ec);
    std::cerr << "collector: guest running for " << elapsed.count() << " s, "
              << (size_ec ? 0 : bytes / 1024) << " KiB of output so far (timeout "
              << s.timeout_seconds << " s)\n";
    return true;
  };
  const ChildResult child = run_child(spec);
  if (child.interrupted)
    throw std::runtime_error("interrupted: the HermiTux guest was killed, nothing reported");
  GuestOutcome outcome;
  outcome.timeout_seconds = s.timeout_seconds;
  outcome.timed_out = child.timed_out;
  outcome.exit_code = child.exit_code;
  outcome.vcpu_threads_pinned = pinner.pinned();
  outcome.vcpu_threads_unpinned = pinner.failed();
  return outcome;
}

std::string hermitux_results_scenario(const RunOptions& o) {
  return name(ScenarioId::kHermitux) + (o.rewrite ? "-rewritten" : "");
}

uint32_t hermitux_floor_samples(const RunOptions& o) {
  return o.floor_samples > 0 ? o.floor_samples : 1000;
}

HermituxGuestSettings hermitux_guest_settings(const RunOptions& o, uint64_t calls) {
  HermituxGuestSettings s;
  s.memory = o.hermitux_memory;
  s.cpus = o.hermitux_cpus;
  // Under pvm-style nested KVM every guest instruction may be emulated: allow for it.
  s.timeout_seconds =
      o.timeout_seconds > 0 ? o.timeout_seconds : static_cast<int>(120 + calls / 200);
  s.host_cpu = last_allowed_cpu();
  s.vcpus = plan_vcpu_placement(s.host_cpu, s.cpus, allowed_cpus());
  s.progress = !o.quiet;
  return s;
}

}  // namespace iprobe
