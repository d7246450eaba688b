// What one result contributes to `collector compare`: one series (one bar) per entry-latency
// folder and per round-trip variant, made by the result's benchmark kind (KindResults).
//   entry run     entry = p50 of the calls' entry latency (user stamp to kernel entry); where
//                 summary.json has `anatomy`, also kernel and exit (p50 of each part) and the
//                 p50 of the calls' round trip; the parts come from anatomy then.
//   round trip    round_trip = the variant's median across runs of cycles per call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace iprobe {

inline constexpr const char* kStatisticCalls = "p50 of calls";
inline constexpr const char* kStatisticRuns = "median of runs";

struct CompareSeries {
  std::string folder{};   // as given on the command line (set by compare)
  std::string scenario;   // summary.json "scenario" (linux, linux-qemu, hermitux, ...)
  std::string benchmark;  // the benchmark kind's name
  std::string variant;    // round trip: the variant; entry: "entry <probe>/<mode>"
  std::string statistic;  // kStatisticCalls or kStatisticRuns
  uint64_t n = 0;         // the calls or the runs behind the statistic
  std::optional<double> entry{};
  std::optional<double> kernel{};      // anatomy only
  std::optional<double> exit{};        // anatomy only
  std::optional<double> round_trip{};  // round trip runs; entry runs with anatomy

  std::string tag{};  // " [folder name]" when two folders give the same scenario/variant

  std::string label() const { return scenario + "/" + variant + tag; }
  bool split() const { return kernel.has_value(); }
  // The bar: entry + kernel + exit when split, else the round trip, else the entry latency.
  double height() const {
    if (split()) return entry.value_or(0) + kernel.value_or(0) + exit.value_or(0);
    if (round_trip) return *round_trip;
    return entry.value_or(0);
  }
};

}  // namespace iprobe
