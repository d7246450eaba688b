// Every run option of `collector --help` either reaches the side that starts the loop programs in
// every scenario that accepts it, or is refused there: nothing accepted and silently dropped (as
// --floor-samples once was under linux-qemu, where the guest got a hand-built argument string).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "benchmarks/loop_argv.hpp"
#include "logs/stamp_line.hpp"
#include "scenarios/common/run_options_json.hpp"
#include "scenarios/qemu/qemu_guest.hpp"

namespace iprobe {
namespace {

// A value to pass each option with ("" for a switch).
const std::map<std::string, std::string> kSampleValues{{"probe", "module"},
                                                       {"mode", "printk"},
                                                       {"iterations", "1234"},
                                                       {"warmup", "77"},
                                                       {"floor-samples", "5000"},
                                                       {"cpu", "0"},
                                                       {"run-id", "abc123"},
                                                       {"module", "/x/probe.ko"},
                                                       {"loop", "/x/loop"},
                                                       {"quiet", ""},
                                                       {"accel", "tcg"},
                                                       {"kernel", "/x/bzImage"},
                                                       {"qemu", "/x/qemu"},
                                                       {"timeout", "99"},
                                                       {"memory", "512"},
                                                       {"guest-kernel-params", "quiet"},
                                                       {"variant", "raw"},
                                                       {"runs", "3"},
                                                       {"subtract-floor", ""},
                                                       {"outlier-factor", "2.5"},
                                                       {"variant-dir", "/x/bin"},
                                                       {"hermitux-prefix", "/x/hx"},
                                                       {"hermitux-proxy", "/x/px"},
                                                       {"hermitux-kernel", "/x/hk"},
                                                       {"hermitux-memory", "1G"},
                                                       {"hermitux-cpus", "2"},
                                                       {"hermitux-force-smp", ""},
                                                       {"entry-variant", "libc-musl"},
                                                       {"kvm-device", "/x/kvm"},
                                                       {"rewrite", ""},
                                                       {"replay", "/x/raw"},
                                                       {"mechanism", "raw"},
                                                       {"call", "nosys"},
                                                       {"supervisor-cpu", "0"},
                                                       {"output-dir", "/x/out"}};

// Options for the host's side of linux-qemu only: how to boot the guest, where to write.
const std::set<std::string> kHostOnlyUnderQemu{
    "accel", "kernel", "qemu", "timeout", "memory", "guest-kernel-params", "output-dir", "quiet"};

// Options whose value the loop programs get on their command line: {option, argv token}.
const std::map<std::string, std::string> kLoopArgs{
    {"iterations", "--iterations"}, {"warmup", "--warmup"}, {"floor-samples", "--floor-samples"}};

// What `collector --help` lists, without --help and the two choices every case sets itself.
std::vector<std::string> run_options_in_help() {
  const Command help = parse_command_line({"--help"});
  std::istringstream text(std::get<HelpRequested>(help).text);
  const std::regex option_line(R"(^\s+(?:-\w \[ )?--([a-z0-9-]+))");
  std::vector<std::string> names;
  for (std::string line; std::getline(text, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, option_line)) continue;
    const std::string option = m[1];
    if (option != "help" && option != "benchmark" && option != "scenario") names.push_back(option);
  }
  return names;
}

// The options the collector that starts the loops runs with: the host's own, or under
// linux-qemu the guest's, as they reach it (the record written into the initramfs, read back).
RunOptions loop_side(const RunOptions& host) {
  if (host.scenario != ScenarioId::kLinuxQemu) return host;
  const RunOptions guest = guest_run_options(host, host.run_id ? *host.run_id : 1);
  return run_options_from_json(run_options_json(guest));
}

std::optional<RunOptions> parse_or_refuse(std::vector<std::string> args) {
  try {
    return std::get<RunOptions>(parse_command_line(args));
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

std::string value_after(const std::vector<std::string>& argv, const std::string& token) {
  const auto it = std::find(argv.begin(), argv.end(), token);
  return it == argv.end() || it + 1 == argv.end() ? "" : *(it + 1);
}

TEST(OptionReach, EveryRunOptionHasASampleValue) {
  for (const std::string& option : run_options_in_help())
    EXPECT_TRUE(kSampleValues.count(option)) << "--" << option
                                             << " is new: give it a sample "
                                                "value here and say where it must arrive";
  EXPECT_GE(run_options_in_help().size(), kSampleValues.size());
}

TEST(OptionReach, EveryOptionReachesTheLoopSideOrIsRefused) {
  int reached = 0;
  int refused = 0;
  for (const std::string& benchmark : {"entry", "roundtrip", "interpose"}) {
    for (const std::string& scenario : {"linux", "linux-qemu", "hermitux"}) {
      const std::vector<std::string> base{"--benchmark", benchmark, "--scenario",
                                          scenario,      "-o",      "/x/out"};
      // No interposition runner under hermitux (the run refuses it when it starts).
      if (benchmark == "interpose" && scenario == "hermitux") continue;
      const std::optional<RunOptions> plain = parse_or_refuse(base);
      ASSERT_TRUE(plain) << benchmark << " " << scenario;
      for (const std::string& option : run_options_in_help()) {
        std::vector<std::string> args = base;
        args.push_back("--" + option);
        if (!kSampleValues.at(option).empty()) args.push_back(kSampleValues.at(option));
        const std::optional<RunOptions> given = parse_or_refuse(args);
        const std::string where = "--" + option + " under " + benchmark + "/" + scenario;
        if (!given) {
          ++refused;
          continue;
        }
        ++reached;
        if (scenario == "linux-qemu" && kHostOnlyUnderQemu.count(option)) continue;
        EXPECT_NE(run_options_json(loop_side(*given)), run_options_json(loop_side(*plain)))
            << where << " is accepted but does not reach the collector that runs the loop";
        if (const auto loop = kLoopArgs.find(option); loop != kLoopArgs.end()) {
          const std::vector<std::string> argv = loop_argv(loop_side(*given), {0, 1, {}});
          EXPECT_EQ(value_after(argv, loop->second), kSampleValues.at(option))
              << where << " does not reach the loop's command line";
        }
      }
    }
  }
  EXPECT_GT(reached, 0);
  EXPECT_GT(refused, 0);  // e.g. --hermitux-prefix outside hermitux
}

// Where each scenario-bound option is used (read from the runners: the QEMU boot options by
// scenarios/qemu, the HermiTux ones by scenarios/hermitux and entry_hermitux, the module by
// the Linux entry runners); every other option applies in every scenario of its benchmark.
const std::map<std::string, std::set<std::string>> kUsedUnder{
    {"module", {"linux", "linux-qemu"}},
    {"accel", {"linux-qemu"}},
    {"kernel", {"linux-qemu"}},
    {"qemu", {"linux-qemu"}},
    {"memory", {"linux-qemu"}},
    {"guest-kernel-params", {"linux-qemu"}},
    {"timeout", {"linux-qemu", "hermitux"}},
    {"hermitux-prefix", {"hermitux"}},
    {"hermitux-proxy", {"hermitux"}},
    {"hermitux-kernel", {"hermitux"}},
    {"hermitux-memory", {"hermitux"}},
    {"hermitux-cpus", {"hermitux"}},
    {"hermitux-force-smp", {"hermitux"}},
    {"entry-variant", {"hermitux"}},
    {"kvm-device", {"hermitux"}},
    {"rewrite", {"hermitux"}},
    {"replay", {"hermitux"}},
};

// Accepted exactly where used: a scenario that would ignore the option refuses it and says
// which scenarios it applies to.
TEST(OptionReach, AScenarioBoundOptionIsRefusedWhereItWouldBeIgnored) {
  for (const auto& [option, used] : kUsedUnder) {
    for (const std::string scenario : {"linux", "linux-qemu", "hermitux"}) {
      std::vector<std::string> args{"--scenario", scenario, "--" + option};
      if (!kSampleValues.at(option).empty()) args.push_back(kSampleValues.at(option));
      if (option == "hermitux-cpus") args.emplace_back("--hermitux-force-smp");
      const std::string where = "--" + option + " under " + scenario;
      if (used.count(scenario)) {
        EXPECT_TRUE(parse_or_refuse(args)) << where << " is used there, yet refused";
        continue;
      }
      try {
        parse_command_line(args);
        ADD_FAILURE() << where << " is accepted and ignored";
      } catch (const std::invalid_argument& e) {
        const std::string said = e.what();
        EXPECT_NE(said.find("applies to --scenario "), std::string::npos) << where << ": " << said;
        for (const std::string& user : used)
          EXPECT_NE(said.find(user), std::string::npos) << where << ": " << said;
      }
    }
  }
}

TEST(OptionReach, ModeIsRefusedWithTheTracepointsAlone) {
  EXPECT_FALSE(parse_or_refuse({"--probe", "tracepoint", "--mode", "printk"}));
  EXPECT_TRUE(parse_or_refuse({"--probe", "patch,tracepoint", "--mode", "printk"}));
  EXPECT_TRUE(parse_or_refuse({"--probe", "tracepoint"}));
}

TEST(OptionReach, CpuAndRunIdReachTheGuestAsGiven) {
  const RunOptions host = std::get<RunOptions>(
      parse_command_line({"--scenario", "linux-qemu", "--cpu", "0", "--run-id", "abc123"}));
  const RunOptions guest = loop_side(host);
  EXPECT_EQ(guest.cpu, 0);
  EXPECT_EQ(guest.run_id, 0xabc123u);
  EXPECT_EQ(guest.scenario, ScenarioId::kLinux);
  EXPECT_TRUE(guest.in_guest);
  // Without --cpu the guest pins its loop to CPU 1 (CPU 0 takes the interrupts).
  EXPECT_EQ(loop_side(std::get<RunOptions>(parse_command_line({"--scenario", "linux-qemu"}))).cpu,
            1);
}

TEST(OptionReach, LoopArgvCarriesTheCommonArgumentsThenTheKindsOwn) {
  RunOptions o;
  o.scenario = ScenarioId::kLinux;
  o.iterations = 10;
  o.warmup = 2;
  EXPECT_EQ(loop_argv(o, {3, 0xbeef, {"--probe", "module"}}),
            (std::vector<std::string>{"--iterations", "10", "--warmup", "2", "--cpu", "3",
                                      "--run-id", run_hex(0xbeef), "--probe", "module"}));
  // HermiTux has its own floor default (each read may leave the guest there).
  o.scenario = ScenarioId::kHermitux;
  EXPECT_EQ(value_after(loop_argv(o, {0, 1, {}}), "--floor-samples"), "1000");
  o.floor_samples = 5000;
  EXPECT_EQ(value_after(loop_argv(o, {0, 1, {}}), "--floor-samples"), "5000");
}

TEST(RunOptionsJson, EveryMemberSurvivesTheRecord) {
  RunOptions o = std::get<RunOptions>(parse_command_line({"--benchmark",
                                                          "roundtrip",
                                                          "--scenario",
                                                          "hermitux",
                                                          "--variant",
                                                          "raw,freestanding",
                                                          "--runs",
                                                          "4",
                                                          "--subtract-floor",
                                                          "--outlier-factor",
                                                          "2.5",
                                                          "--rewrite",
                                                          "--cpu",
                                                          "2",
                                                          "--run-id",
                                                          "42",
                                                          "--floor-samples",
                                                          "7",
                                                          "--hermitux-cpus",
                                                          "2",
                                                          "--hermitux-force-smp",
                                                          "--kvm-device",
                                                          "/x/kvm",
                                                          "-o",
                                                          "/x/out",
                                                          "-q"}));
  o.probes = {Probe::kPatch, Probe::kTracepoint};
  o.entry_variant = "libc-musl";  // an entry option: set here, not refused by the round trip
  const nlohmann::ordered_json record = run_options_json(o);
  EXPECT_EQ(run_options_json(run_options_from_json(record)), record);
  EXPECT_EQ(run_options_from_json(record).variants, o.variants);
  EXPECT_EQ(run_options_from_json(record).run_id, 0x42u);
}

TEST(RunOptionsJson, ADamagedRecordIsSaidSo) {
  nlohmann::ordered_json record = run_options_json(RunOptions{});
  record.erase("floor_samples");
  EXPECT_THROW(
      {
        try {
          run_options_from_json(record);
        } catch (const std::runtime_error& e) {
          EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
          throw;
        }
      },
      std::runtime_error);
  record = run_options_json(RunOptions{});
  record["mode"] = "sometimes";
  EXPECT_THROW(run_options_from_json(record), std::runtime_error);
}

}  // namespace
}  // namespace iprobe
