// The choices a run is made of, as values: the benchmark kind, the scenario, the probe, the mode
// and the QEMU accelerator. Each has ONE table of names, the only place its spellings live: the
// command line parses with it, the results write and read with it, --help lists from it. Past
// parsing and serialisation, code compares values, never names.
#pragma once

#include <ioctl_probe/ioctl_probe.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/enum_names.hpp"

namespace iprobe {

// A benchmark kind (benchmarks/benchmark_table.hpp has what each one is and runs).
enum class Benchmark : uint8_t { kEntry, kRoundtrip, kInterpose };
// Where the loop runs (scenarios/).
enum class ScenarioId : uint8_t { kLinuxQemu, kLinux, kHermitux };
// What stamps a call in the kernel: the patched kernel's hook, the probe module, the HermiTux
// patch, or the syscalls:sys_{enter,exit}_ioctl events written out by the collector itself. Its
// names are the <source> words of the stamp lines (IOPROBE_SRC_* of the probe contract). The
// values index per-probe arrays: 0 .. kProbeCount - 1.
enum class Probe : uint8_t { kPatch, kModule, kHermitux, kTracepoint };
inline constexpr std::size_t kProbeCount = 4;
// How the kernel hands its stamps over: one log line per call, or a buffer dumped after the loop.
enum class Mode : uint8_t { kPrintk, kBuffer };
enum class Accel : uint8_t { kAuto, kKvm, kTcg };

inline constexpr std::array kBenchmarkNames{
    EnumName<Benchmark>{Benchmark::kEntry, "entry"},
    EnumName<Benchmark>{Benchmark::kRoundtrip, "roundtrip"},
    EnumName<Benchmark>{Benchmark::kInterpose, "interpose"}};
inline constexpr std::array kScenarioNames{
    EnumName<ScenarioId>{ScenarioId::kLinuxQemu, "linux-qemu"},
    EnumName<ScenarioId>{ScenarioId::kLinux, "linux"},
    EnumName<ScenarioId>{ScenarioId::kHermitux, "hermitux"}};
inline constexpr std::array kProbeNames{
    EnumName<Probe>{Probe::kPatch, IOPROBE_SRC_PATCH},
    EnumName<Probe>{Probe::kModule, IOPROBE_SRC_MODULE},
    EnumName<Probe>{Probe::kHermitux, IOPROBE_SRC_HERMITUX},
    EnumName<Probe>{Probe::kTracepoint, IOPROBE_SRC_TRACEPOINT}};
static_assert(kProbeNames.size() == kProbeCount);
inline constexpr std::array kModeNames{EnumName<Mode>{Mode::kPrintk, "printk"},
                                       EnumName<Mode>{Mode::kBuffer, "buffer"}};
inline constexpr std::array kAccelNames{EnumName<Accel>{Accel::kAuto, "auto"},
                                        EnumName<Accel>{Accel::kKvm, "kvm"},
                                        EnumName<Accel>{Accel::kTcg, "tcg"}};

inline std::string name(Benchmark b) { return std::string(name_in(kBenchmarkNames, b)); }
inline std::string name(ScenarioId s) { return std::string(name_in(kScenarioNames, s)); }
inline std::string name(Probe p) { return std::string(name_in(kProbeNames, p)); }
inline std::string name(Mode m) { return std::string(name_in(kModeNames, m)); }
inline std::string name(Accel a) { return std::string(name_in(kAccelNames, a)); }

// A probe list as the command line and summary.json name it: "patch,tracepoint" ("" for none).
std::string probe_list_name(std::span<const Probe> probes);
// The reverse; nullopt when a word names no probe (an empty text is the empty list).
std::optional<std::vector<Probe>> probes_from_list_name(std::string_view text);

}  // namespace iprobe
