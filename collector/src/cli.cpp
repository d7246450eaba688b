#include "collector/cli.hpp"

#include <array>
#include <boost/program_options.hpp>
#include <charconv>
#include <ctime>
#include <sstream>
#include <stdexcept>

#include "collector/pairing.hpp"

namespace po = boost::program_options;

namespace iprobe {

namespace {

constexpr const char* kRunUsage =
    "usage: collector [--scenario linux-qemu|linux] [options]\n"
    "       collector parse --user-log FILE --kernel-log FILE [...] [--output-dir DIR]\n"
    "\n"
    "Measures ioctl entry latency in TSC cycles: a userspace stamp right before the\n"
    "`syscall` instruction, paired with a kernel stamp at the first line of the kernel's\n"
    "ioctl code. Results go to DIR/summary.json, DIR/pairs.csv and DIR/raw/ (every log as\n"
    "captured); a short table is printed.\n"
    "\n"
    "Scenarios:\n"
    "  linux-qemu  (default) boot build/guest/bzImage (patched by Makefile.kernel) under\n"
    "              qemu-system-x86_64 and measure there; changes nothing on this host.\n"
    "  linux       measure on the running kernel; needs root. --probe module loads\n"
    "              ioctl_probe.ko through libkmod, --probe patch uses a kernel installed\n"
    "              with `make -f Makefile.kernel install`.\n";

constexpr const char* kParseUsage =
    "usage: collector parse --user-log FILE --kernel-log FILE [--kernel-log FILE ...]\n"
    "                       [--run HEX] [--probe module|patch] [--output-dir DIR]\n"
    "\n"
    "Pairs logs collected elsewhere: the loop's stdout and any mix of dmesg text (with or\n"
    "without [time] prefixes), raw /dev/kmsg records, a buffered dump or a serial capture.\n";

std::optional<uint32_t> parse_run_id(const std::string& text) {
  if (text.empty()) return std::nullopt;
  uint32_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
  if (ec != std::errc() || end != text.data() + text.size() || v == 0)
    throw std::invalid_argument(
        "--run-id must be a non-zero hex number of at most 8 digits, got '" + text + "'");
  return v;
}

template <typename T>
void check_choice(const std::string& option, const std::string& value,
                  std::initializer_list<T> choices) {
  for (const auto& c : choices)
    if (value == c) return;
  std::string list;
  for (const auto& c : choices) list += std::string(list.empty() ? "" : ", ") + c;
  throw std::invalid_argument("--" + option + " must be one of " + list + ", got '" + value + "'");
}

std::string default_output_dir(const std::string& scenario) {
  std::time_t now = std::time(nullptr);
  std::array<char, 32> stamp{};
  std::strftime(stamp.data(), stamp.size(), "%Y%m%d-%H%M%S", std::localtime(&now));
  return "results/" + scenario + "-" + stamp.data();
}

Command parse_run(const std::vector<std::string>& args) {
  RunOptions o;
  std::string run_id;
  po::options_description desc("Options");
  // clang-format off
  desc.add_options()
    ("help,h", "show this help")
    ("scenario", po::value(&o.scenario)->default_value(o.scenario), "linux-qemu or linux")
    ("probe", po::value(&o.probe), "module or patch (default: patch under linux-qemu, whose "
                                   "kernel is patched; module under linux)")
    ("mode", po::value(&o.mode)->default_value(o.mode),
     "printk: one kernel log line per call; buffer: stamps kept in the kernel and dumped "
     "after the loop (no printk between measured calls)")
    ("iterations,n", po::value(&o.iterations)->default_value(o.iterations), "measured calls")
    ("warmup", po::value(&o.warmup)->default_value(o.warmup), "unmeasured calls first")
    ("cpu", po::value(&o.cpu), "CPU the loop is pinned to (default: the last allowed CPU; "
                               "in the guest CPU 1)")
    ("run-id", po::value(&run_id), "hex id that tags this run's stamps (default: random)")
    ("output-dir,o", po::value(&o.output_dir), "results folder (default: results/SCENARIO-TIME)")
    ("module", po::value(&o.module_path), "probe module to load (default: build/guest or "
                                          "build/host-module ioctl_probe.ko)")
    ("loop", po::value(&o.loop_path), "loop program (default: ioctl-loop next to collector)")
    ("accel", po::value(&o.accel)->default_value(o.accel),
     "linux-qemu: auto (KVM where a guest really boots, else TCG), kvm or tcg")
    ("kernel", po::value(&o.kernel_image), "linux-qemu: bzImage (default build/guest/bzImage)")
    ("qemu", po::value(&o.qemu), "linux-qemu: QEMU binary (default qemu-system-x86_64 on PATH)")
    ("timeout", po::value(&o.timeout_seconds), "linux-qemu: kill the guest after SEC seconds "
                                               "(default: derived from --iterations)")
    ("memory", po::value(&o.memory_mb), "linux-qemu: guest memory in MiB (default: derived)")
    ("guest-accel", po::value(&o.guest_accel), "internal: accelerator recorded by the guest")
    ("quiet,q", po::bool_switch(&o.quiet), "no progress and no table");
  // clang-format on
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::ostringstream text;
    text << kRunUsage << "\n" << desc;
    return HelpRequested{text.str()};
  }
  check_choice("scenario", o.scenario, {"linux-qemu", "linux"});
  if (!o.probe.empty()) check_choice("probe", o.probe, {"module", "patch"});
  check_choice("mode", o.mode, {"printk", "buffer"});
  check_choice("accel", o.accel, {"auto", "kvm", "tcg"});
  if (o.iterations == 0 || o.iterations > kMaxIterations)
    throw std::invalid_argument("--iterations must be between 1 and " +
                                std::to_string(kMaxIterations));
  if (o.warmup > kMaxWarmup)
    throw std::invalid_argument("--warmup must be at most " + std::to_string(kMaxWarmup));
  if (vm.count("cpu") && (o.cpu < 0 || o.cpu >= 1024))
    throw std::invalid_argument("--cpu must be a CPU number");
  if (o.timeout_seconds < 0 || o.memory_mb < 0)
    throw std::invalid_argument("--timeout and --memory must be positive");
  o.run_id = parse_run_id(run_id);
  if (o.output_dir.empty()) o.output_dir = default_output_dir(o.scenario);
  return o;
}

Command parse_parse(const std::vector<std::string>& args) {
  ParseOptions o;
  std::string run_id;
  std::vector<std::string> user_logs;
  std::vector<std::string> kernel_logs;
  po::options_description desc("Options");
  // clang-format off
  desc.add_options()
    ("help,h", "show this help")
    ("user-log", po::value(&user_logs)->required(), "the loop's output")
    ("kernel-log", po::value(&kernel_logs)->required(), "kernel-side log (repeatable)")
    ("run", po::value(&run_id), "pair this run id (default: the last run in the user log)")
    ("probe", po::value(&o.probe), "only kernel stamps of this probe: module or patch")
    ("output-dir,o", po::value(&o.output_dir), "results folder (default: results/parse-TIME)");
  // clang-format on
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).run(), vm);
  if (vm.count("help")) {
    std::ostringstream text;
    text << kParseUsage << "\n" << desc;
    return HelpRequested{text.str()};
  }
  po::notify(vm);
  if (!o.probe.empty()) check_choice("probe", o.probe, {"module", "patch"});
  for (auto& f : user_logs) o.user_logs.emplace_back(f);
  for (auto& f : kernel_logs) o.kernel_logs.emplace_back(f);
  o.run_id = parse_run_id(run_id);
  if (o.output_dir.empty()) o.output_dir = default_output_dir("parse");
  return o;
}

}  // namespace

Command parse_command_line(const std::vector<std::string>& args) {
  try {
    if (!args.empty() && args.front() == "parse")
      return parse_parse(std::vector<std::string>(args.begin() + 1, args.end()));
    return parse_run(args);
  } catch (const po::error& e) {
    throw std::invalid_argument(std::string(e.what()) + " (see --help)");
  }
}

}  // namespace iprobe
