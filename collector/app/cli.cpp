#include "app/cli.hpp"

#include <algorithm>
#include <array>
#include <boost/program_options.hpp>
#include <charconv>
#include <cmath>
#include <ctime>
#include <sstream>
#include <stdexcept>

#include "app/option_scope.hpp"
#include "app/probe_list.hpp"
#include "benchmarks/benchmark_table.hpp"
#include "benchmarks/interpose/interpose_results.hpp"
#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "logs/log_format.hpp"
#include "pair/pairing.hpp"
#include "scenarios/hermitux/hermitux_vcpu_pins.hpp"

namespace po = boost::program_options;

namespace iprobe {

namespace {

// The usage lines, with the scenarios from their table.
std::string run_usage_head() {
  const std::string scenarios = names_in(kScenarioNames, "|", "|");
  return "usage: collector [--scenario " + scenarios +
         "] [options]\n"
         "       collector --benchmark roundtrip [--scenario " +
         scenarios +
         "] [--variant all]\n"
         "                 [--runs R] [options]\n"
         "       collector --benchmark interpose [--scenario linux|linux-qemu] [--mechanism all]\n"
         "                 [--call ioctl,nosys] [--runs R] [--supervisor-cpu K] [options]\n"
         "       collector parse --user-log FILE --kernel-log FILE [...] [--output-dir DIR]\n"
         "       collector report DIR [--html]   (redraw plots and table; the page)\n"
         "       collector compare DIR... [-o OUT] [--mixed]   (one figure for many results)\n"
         "       collector suite [-o DIR] [--quick]   (everything this machine can measure)\n";
}

constexpr const char* kRunUsage =
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
    "              with `make -f Makefile.kernel install`, --probe tracepoint needs\n"
    "              nothing installed: the syscalls:sys_{enter,exit}_ioctl events of a\n"
    "              private tracefs instance (x86-tsc clock), on any kernel built with\n"
    "              CONFIG_FTRACE_SYSCALLS (Debian's is); it also times the loop with the\n"
    "              events off (tracepoint_cost). --probe auto (default) takes the first of\n"
    "              patch, module, tracepoint this kernel can use, and says why.\n"
    "              A loop killed by a signal: summary marked incomplete, exit status 4.\n"
    "  hermitux    run the loop as a HermiTux application under uhyve (KVM): needs a\n"
    "              HermiTux install patched with kernel/hermitux-ioctl-probe (--hermitux-prefix\n"
    "              or HERMITUX_PREFIX). Entry: entry-loop-freestanding, or with --entry-variant\n"
    "              libc-glibc entry-loop, libc-musl entry-loop-musl; buffer mode has the kernel\n"
    "              write its stamps to the application's stdout, printk mode reads HermiTux's\n"
    "              16 KiB kernel log from uhyve's stderr (a few hundred stamps at most).\n"
    "              Roundtrip: the loop variants (default freestanding) call the probe's\n"
    "              do-nothing ioctl. stdout and stderr of every guest are kept in DIR/raw/.\n"
    "              --replay DIR re-analyses such a capture.\n"
    "\n"
    "Benchmarks:\n"
    "  entry       (default) entry latency as above.\n"
    "  roundtrip   round trip: every loop variant (build/bin/roundtrip-loop-VARIANT: libc-glibc,\n"
    "              libc-musl, raw, freestanding, fncall-bound, fncall-lib, fncall-same) runs\n"
    "              --runs times, one process per run with its own warm-up; cycles per call =\n"
    "              loop total / calls. Results in DIR/summary.json, DIR/runs.csv,\n"
    "              DIR/raw/VARIANT-RUN.log. No probe and no root needed under --scenario linux.\n"
    "              Across runs: min, p50 (median), mean, sample stddev and the 95% confidence\n"
    "              interval of the mean (Student t).\n"
    "  interpose   the round trip's raw loop with its call hooked by each interposition\n"
    "              mechanism (build/bin/interpose-loop: raw, rewrite, rewrite-emulate, int3, sud,\n"
    "              seccomp-trap, seccomp-notify, seccomp-notify-sync, seccomp-trace, ptrace,\n"
    "              ptrace-sysemu), for the ioctl and an unassigned system call, --runs times\n"
    "              each: cycles per call, per-call p50/p99 and the overhead over raw. A\n"
    "              mechanism the kernel lacks is skipped and recorded. Results in\n"
    "              DIR/summary.json, DIR/runs.csv, DIR/raw/MECHANISM-CALL-RUN.log\n"
    "              (doc/interposition.md).\n";

std::string parse_usage_head() {
  return "usage: collector parse --user-log FILE --kernel-log FILE [--kernel-log FILE ...]\n"
         "                       [--run HEX] [--probe " +
         probe_choice_names(ProbeChoice::kAny, "|", "|") +
         "[,tracepoint]]\n"
         "                       [--output-dir DIR] [--format " +
         names_in(kLogFormatNames, "|", "|") +
         "]\n"
         "                       [--strict] [--no-raw-copy] [--no-plots]\n";
}

constexpr const char* kParseUsage =
    "\n"
    "Pairs logs collected elsewhere: the loop's stdout and any mix of dmesg text (with or\n"
    "without [time] prefixes, dmesg -r), raw /dev/kmsg records, journalctl -k output, a\n"
    "buffered dump, a serial capture or HermiTux's kernel log as uhyve prints it; the form of\n"
    "each log is detected unless --format forces one for the kernel logs. Kernel logs are\n"
    "streamed once (a FIFO works); user logs are read twice and must be files. --strict\n"
    "exits with status 3 and a one-line reason when the logs show any anomaly (rejected\n"
    "lines, loss, duplicates, ...).\n";

std::optional<uint32_t> parse_run_id(const std::string& text) {
  if (text.empty()) return std::nullopt;
  uint32_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
  if (ec != std::errc() || end != text.data() + text.size() || v == 0)
    throw std::invalid_argument(
        "--run-id must be a non-zero hex number of at most 8 digits, got '" + text + "'");
  return v;
}

void check_choice(const std::string& option, const std::string& value,
                  std::initializer_list<const char*> choices) {
  for (const char* c : choices)
    if (value == c) return;
  std::string list;
  for (const char* c : choices) list += std::string(list.empty() ? "" : ", ") + c;
  throw std::invalid_argument("--" + option + " must be one of " + list + ", got '" + value + "'");
}

// "entry (entry latency) or roundtrip (...)": the kinds of the table, for --help.
std::string benchmark_help() {
  std::string help;
  const std::span<const BenchmarkKind> kinds = benchmark_kinds();
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (i > 0) help += i + 1 == kinds.size() ? " or " : ", ";
    help += name(kinds[i].benchmark) + " (" + std::string(kinds[i].description) + ")";
  }
  return help;
}

// --variant, --mechanism and --call values: names or "all", each possibly a comma-separated
// list; the canonical order for all, the user's order (without repeats) otherwise.
template <std::size_t N>
std::vector<std::string> expand_names(const std::vector<std::string>& values,
                                      const std::array<std::string_view, N>& known,
                                      const std::string& option, bool& explicit_names) {
  std::vector<std::string> names;
  bool all = values.empty();
  for (const std::string& value : values) {
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      const std::string name = value.substr(start, comma - start);
      start = comma + 1;
      if (name == "all") {
        all = true;
        continue;
      }
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string list;
        for (std::string_view v : known) list.append(v).append(", ");
        throw std::invalid_argument("--" + option + " must be one of " + list + "or all, got '" +
                                    name + "'");
      }
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  explicit_names = !all;
  if (all) return {known.begin(), known.end()};
  return names;
}

// The enum-valued options as typed; converted once by parse_choice.
struct RunChoiceTexts {
  std::string benchmark = name(Benchmark::kEntry);
  std::string scenario = name(ScenarioId::kLinuxQemu);
  std::string probe;
  std::string mode = name(Mode::kBuffer);
  std::string accel = name(Accel::kAuto);
  std::string run_id;
  std::vector<std::string> variants;
  std::vector<std::string> mechanisms;
  std::vector<std::string> calls;
};

template <typename E, std::size_t N>
E parse_choice(const std::string& option, const std::array<EnumName<E>, N>& table,
               const std::string& text) {
  if (const std::optional<E> value = value_in(table, text)) return *value;
  throw std::invalid_argument("--" + option + " must be one of " + names_in(table, ", ") +
                              ", got '" + text + "'");
}

void add_measurement_options(po::options_description& desc, RunOptions& o, RunChoiceTexts& c) {
  static const std::string scenario_help = names_in(kScenarioNames);
  static const std::string kinds_help = benchmark_help();
  static const std::string probe_help =
      probe_choice_names(ProbeChoice::kLinux) +
      " or auto (the default: under linux, patch when the running kernel carries the hook, "
      "else module when it can be loaded, else tracepoint; under linux-qemu, patch, which its "
      "kernel carries); "
      "patch,tracepoint or module,tracepoint stamps every call at both points (cross-check; "
      "the first named is primary)";
  // clang-format off
  desc.add_options()
    ("help,h", "show this help")
    ("benchmark", po::value(&c.benchmark)->default_value(c.benchmark), kinds_help.c_str())
    ("scenario", po::value(&c.scenario)->default_value(c.scenario), scenario_help.c_str())
    ("probe", po::value(&c.probe), probe_help.c_str())
    ("mode", po::value(&c.mode)->default_value(c.mode),
     "printk: one kernel log line per call; buffer: stamps kept in the kernel and dumped "
     "after the loop (no printk between measured calls)")
    ("iterations,n", po::value(&o.iterations)->default_value(o.iterations),
     "measured calls (per run; roundtrip default 100000)")
    ("warmup", po::value(&o.warmup)->default_value(o.warmup), "unmeasured calls first")
    ("floor-samples", po::value(&o.floor_samples),
     "back-to-back TSC read pairs each loop measures its floor with (default: the loop's "
     "100000; hermitux 1000, since each read may leave the guest there)")
    ("cpu", po::value(&o.cpu), "CPU the loop is pinned to (default: the last allowed CPU; "
                               "in the guest CPU 1)")
    ("run-id", po::value(&c.run_id), "hex id that tags this run's stamps (default: random)")
    ("output-dir,o", po::value(&o.output_dir), "results folder (default: results/SCENARIO-TIME)")
    ("module", po::value(&o.module_path), "linux, linux-qemu: probe module file (.ko) to load "
                                          "(default: the installed ioctl_probe, by name, as "
                                          "modprobe does)")
    ("loop", po::value(&o.loop_path), "loop program (default: entry-loop next to collector)")
    ("quiet,q", po::bool_switch(&o.quiet), "no progress and no table");
  // clang-format on
}

void add_qemu_and_roundtrip_options(po::options_description& desc, RunOptions& o,
                                    RunChoiceTexts& c) {
  // clang-format off
  desc.add_options()
    ("accel", po::value(&c.accel)->default_value(c.accel),
     "linux-qemu: auto (KVM where a guest really boots, else TCG), kvm or tcg")
    ("kernel", po::value(&o.kernel_image), "linux-qemu: bzImage (default build/guest/bzImage)")
    ("qemu", po::value(&o.qemu), "linux-qemu: QEMU binary (default qemu-system-x86_64 on PATH)")
    ("timeout", po::value(&o.timeout_seconds), "linux-qemu, hermitux: kill the guest after SEC "
                                               "seconds (default: derived from --iterations)")
    ("memory", po::value(&o.memory_mb), "linux-qemu: guest memory in MiB (default: derived)")
    ("guest-kernel-params", po::value(&o.guest_kernel_params),
     "linux-qemu: extra guest kernel parameters, after the defaults (e.g. log_buf_len=128K "
     "to measure with a distribution's default printk ring instead of 16M)")
    ("variant", po::value(&c.variants)->composing(),
     "roundtrip: variant to run, repeatable or comma-separated, or all (default all)")
    ("runs", po::value(&o.runs),
     "roundtrip, interpose: processes per variant, or per mechanism and call (default 10)")
    ("subtract-floor", po::bool_switch(&o.subtract_floor),
     "roundtrip: subtract each run's TSC floor min (one ordered read pair) from the loop "
     "total before dividing by the calls (never by default)")
    ("outlier-factor", po::value(&o.outlier_factor)->default_value(o.outlier_factor),
     "roundtrip, interpose: flag a run whose cycles/call is more than F times above or below "
     "its series' median")
    ("variant-dir", po::value(&o.variant_dir),
     "roundtrip: folder holding the roundtrip-loop-VARIANT programs (default: next to collector)")
    ("mechanism", po::value(&c.mechanisms)->composing(),
     "interpose: mechanism to measure, repeatable or comma-separated, or all (default all)")
    ("call", po::value(&c.calls)->composing(),
     "interpose: ioctl (the probe's do-nothing command on /dev/null), nosys (system call 500, "
     "which no kernel assigns) or all (default: both, so hook cost and kernel work separate)")
    ("supervisor-cpu", po::value(&o.supervisor_cpu),
     "interpose: CPU of the supervisors and tracers (default: the loop's)");
  // clang-format on
}

void add_hermitux_options(po::options_description& desc, RunOptions& o) {
  // clang-format off
  desc.add_options()
    ("hermitux-prefix", po::value(&o.hermitux_prefix),
     "hermitux: install prefix of hermitux-kernel (bin/proxy, x86_64-hermit/extra/tests/"
     "hermitux); default $HERMITUX_PREFIX")
    ("hermitux-proxy", po::value(&o.hermitux_proxy), "hermitux: proxy program (overrides the prefix)")
    ("hermitux-kernel", po::value(&o.hermitux_kernel),
     "hermitux: kernel image (overrides the prefix)")
    ("hermitux-memory", po::value(&o.hermitux_memory)->default_value(o.hermitux_memory),
     "hermitux: guest memory (HERMIT_MEM)")
    ("hermitux-cpus", po::value(&o.hermitux_cpus)->default_value(o.hermitux_cpus),
     "hermitux: guest CPUs (HERMIT_CPUS); more than 1 is refused (HermiTux's SMP boot can "
     "hang) unless --hermitux-force-smp")
    ("hermitux-force-smp", po::bool_switch(&o.hermitux_force_smp),
     "hermitux: run --hermitux-cpus > 1 all the same (doc/hermitux-smp-hang.md)")
    ("entry-variant", po::value(&o.entry_variant)->default_value(o.entry_variant),
     "hermitux entry loop: freestanding (entry-loop-freestanding), libc-glibc (entry-loop) or "
     "libc-musl (entry-loop-musl)")
    ("kvm-device", po::value(&o.kvm_device)->default_value(o.kvm_device),
     "hermitux: the KVM device uhyve will open (checked before starting)")
    ("rewrite", po::bool_switch(&o.rewrite),
     "hermitux: run each loop rewritten by build/bin/syscall-rewriter: its ioctl `syscall` "
     "becomes a call of the kernel image's sys_ioctl through a trampoline; "
     "roundtrip-loop-fncall-bound gets its function pointer bound to sys_ioctl (a plain call)")
    ("replay", po::value(&o.replay_dir),
     "hermitux entry: re-analyse the raw/ folder of an earlier run (run.json, guest-stdout.log, "
     "guest-stderr.log) instead of starting a guest; the results keep the environment it "
     "recorded");
  // clang-format on
}

// The enum choices, and the options that belong to one scenario or benchmark only.
void apply_choices(const po::variables_map& vm, RunOptions& o, const RunChoiceTexts& c) {
  o.benchmark = parse_choice("benchmark", kBenchmarkNames, c.benchmark);
  o.scenario = parse_choice("scenario", kScenarioNames, c.scenario);
  o.mode = parse_choice("mode", kModeNames, c.mode);
  o.accel = parse_choice("accel", kAccelNames, c.accel);
  // auto: the scenario chooses (an empty list).
  if (!c.probe.empty() && c.probe != "auto")
    o.probes = parse_probe_list(c.probe, ProbeChoice::kLinux);
  check_choice("entry-variant", o.entry_variant, {"freestanding", "libc-glibc", "libc-musl"});
  check_probe_options(vm, o.probes);
  const bool hermitux = o.scenario == ScenarioId::kHermitux;
  check_scenario_options(vm, o.scenario);
  if (!o.replay_dir.empty() && o.benchmark != Benchmark::kEntry)
    throw std::invalid_argument("--replay applies to the entry benchmark only");
  if (!o.probes.empty() && hermitux)
    throw std::invalid_argument(
        "--probe does not apply to --scenario hermitux (its probe is the "
        "HermiTux patch)");
  check_benchmark_options(vm, o.benchmark);
}

void check_runs(const RunOptions& o) {
  if (o.runs == 0 || o.runs > kMaxRuns)
    throw std::invalid_argument("--runs must be between 1 and " + std::to_string(kMaxRuns));
  if (!(o.outlier_factor > 1.0) || !std::isfinite(o.outlier_factor))
    throw std::invalid_argument("--outlier-factor must be a number greater than 1, e.g. 1.5");
}

void apply_interpose_options(const po::variables_map& vm, RunOptions& o, const RunChoiceTexts& c) {
  o.mechanisms =
      expand_names(c.mechanisms, kInterposeMechanisms, "mechanism", o.mechanisms_explicit);
  bool calls_named = false;
  o.interpose_calls = expand_names(c.calls, kInterposeCalls, "call", calls_named);
  if (vm.count("supervisor-cpu") && (o.supervisor_cpu < 0 || o.supervisor_cpu >= 1024))
    throw std::invalid_argument("--supervisor-cpu must be a CPU number");
  check_runs(o);
}

void apply_roundtrip_options(RunOptions& o, const RunChoiceTexts& c) {
  std::vector<std::string> variants = c.variants;
  // In HermiTux only the freestanding loop survives a guest without FPU/SSE set-up on some
  // hosts: it is the default there; others run when named.
  if (o.scenario == ScenarioId::kHermitux && variants.empty())
    variants.emplace_back("freestanding");
  o.variants_explicit = false;
  o.variants = expand_names(variants, kRoundtripVariants, "variant", o.variants_explicit);
  check_runs(o);
}

void check_run_numbers(const po::variables_map& vm, const RunOptions& o) {
  if (o.hermitux_cpus < 1 || o.hermitux_cpus > 64)
    throw std::invalid_argument("--hermitux-cpus must be between 1 and 64");
  if (o.iterations == 0 || o.iterations > kMaxIterations)
    throw std::invalid_argument("--iterations must be between 1 and " +
                                std::to_string(kMaxIterations));
  if (vm.count("floor-samples") && (o.floor_samples == 0 || o.floor_samples > 1'000'000))
    throw std::invalid_argument("--floor-samples must be between 1 and 1000000");
  if (o.warmup > kMaxWarmup)
    throw std::invalid_argument("--warmup must be at most " + std::to_string(kMaxWarmup));
  if (vm.count("cpu") && (o.cpu < 0 || o.cpu >= 1024))
    throw std::invalid_argument("--cpu must be a CPU number");
  if (o.timeout_seconds < 0 || o.memory_mb < 0)
    throw std::invalid_argument("--timeout and --memory must be positive");
  // A replay starts no guest: a capture with several vCPUs re-analyses as it is.
  if (o.scenario == ScenarioId::kHermitux && o.replay_dir.empty())
    if (const std::string why = vcpu_count_refusal(o.hermitux_cpus, o.hermitux_force_smp);
        !why.empty())
      throw std::invalid_argument(why);
}

Command parse_run(const std::vector<std::string>& args) {
  RunOptions o;
  RunChoiceTexts choices;
  po::options_description desc("Options");
  add_measurement_options(desc, o, choices);
  add_qemu_and_roundtrip_options(desc, o, choices);
  add_hermitux_options(desc, o);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::ostringstream text;
    text << run_usage_head() << kRunUsage << "\n" << desc;
    return HelpRequested{text.str()};
  }
  apply_choices(vm, o, choices);
  const BenchmarkKind& kind = benchmark_kind(o.benchmark);
  if (vm["iterations"].defaulted()) o.iterations = kind.default_iterations;
  check_run_numbers(vm, o);
  if (o.benchmark == Benchmark::kRoundtrip) apply_roundtrip_options(o, choices);
  if (o.benchmark == Benchmark::kInterpose) apply_interpose_options(vm, o, choices);
  o.run_id = parse_run_id(choices.run_id);
  if (o.output_dir.empty())
    o.output_dir = default_output_dir(std::string(kind.output_prefix) + name(o.scenario));
  return o;
}

Command parse_parse(const std::vector<std::string>& args) {
  ParseOptions o;
  std::string run_id;
  std::string probes;
  std::string format = "auto";
  std::vector<std::string> user_logs;
  std::vector<std::string> kernel_logs;
  static const std::string probe_help =
      "only kernel stamps of this probe: " + probe_choice_names(ProbeChoice::kAny) +
      "; patch,tracepoint or module,tracepoint: both, the second as cross-check";
  static const std::string format_help =
      "kernel log form: " + names_in(kLogFormatNames) + " (default auto: detected per log)";
  po::options_description desc("Options");
  // clang-format off
  desc.add_options()
    ("help,h", "show this help")
    ("user-log", po::value(&user_logs)->required(), "the loop's output")
    ("kernel-log", po::value(&kernel_logs)->required(), "kernel-side log (repeatable)")
    ("run", po::value(&run_id), "pair this run id (default: the last run in the user log)")
    ("probe", po::value(&probes), probe_help.c_str())
    ("output-dir,o", po::value(&o.output_dir), "results folder (default: results/parse-TIME)")
    ("format", po::value(&format), format_help.c_str())
    ("strict", po::bool_switch(&o.strict), "exit 3 on any log anomaly")
    ("no-raw-copy", "do not copy the logs into DIR/raw/")
    ("no-plots", "do not draw the plots");
  // clang-format on
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).run(), vm);
  if (vm.count("help")) {
    std::ostringstream text;
    text << parse_usage_head() << kParseUsage << "\n" << desc;
    return HelpRequested{text.str()};
  }
  po::notify(vm);
  if (!probes.empty()) o.probes = parse_probe_list(probes, ProbeChoice::kAny);
  o.format = parse_choice("format", kLogFormatNames, format);
  o.copy_raw = vm.count("no-raw-copy") == 0;
  o.plots = vm.count("no-plots") == 0;
  for (auto& f : user_logs) o.user_logs.emplace_back(f);
  for (auto& f : kernel_logs) o.kernel_logs.emplace_back(f);
  o.run_id = parse_run_id(run_id);
  if (o.output_dir.empty()) o.output_dir = default_output_dir("parse");
  return o;
}

}  // namespace

std::string default_output_dir(const std::string& scenario) {
  std::time_t now = std::time(nullptr);
  std::array<char, 32> stamp{};
  std::strftime(stamp.data(), stamp.size(), "%Y%m%d-%H%M%S", std::localtime(&now));
  return "results/" + scenario + "-" + stamp.data();
}

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
