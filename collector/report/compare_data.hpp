// `collector compare`: what one results folder contributes to the comparison figure, read from
// its summary.json through the summary readers (read_summary_json, read_roundtrip_summary_json).
//
// One series (one bar) per entry-latency folder and per round-trip variant:
//   entry run     entry = p50 of the calls' entry latency (user stamp to kernel entry); where
//                 summary.json has `anatomy`, also kernel and exit (p50 of each part) and the
//                 p50 of the calls' round trip; the parts come from anatomy then.
//   round trip    round_trip = the variant's median across runs of cycles per call.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "util/types.hpp"

namespace iprobe {

// A folder compare cannot use. what() is one complete line: the folder, what is wrong, what to do.
class CompareInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr const char* kStatisticCalls = "p50 of calls";
inline constexpr const char* kStatisticRuns = "median of runs";

struct CompareSeries {
  std::string folder;     // as given on the command line
  std::string scenario;   // summary.json "scenario" (linux, linux-qemu, hermitux, ...)
  std::string benchmark;  // "entry" or "roundtrip"
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
  double height() const;
};

struct CompareFolder {
  std::string folder;
  Environment environment;
  std::vector<CompareSeries> series;
  std::vector<std::string> notes;  // variants left out (no usable run)
};

// The folder's own name ("b" for "a/b/" or "a/b"), for labels and titles that must stay short.
std::string folder_name(const std::string& folder);

// Reads DIR/summary.json. Throws CompareInputError for a missing folder, a missing or
// unreadable summary.json, an incomplete (interrupted) run or a run without any result.
CompareFolder load_compare_folder(const std::filesystem::path& dir);

}  // namespace iprobe
