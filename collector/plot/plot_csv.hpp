// Reading the CSV files of a results folder back, with validation: runs.csv of the round-trip
// benchmark and pairs.csv of the entry-latency benchmark. Every problem is reported as one line
// naming the file and the line, and what to do about it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

namespace iprobe {

inline constexpr const char* kRunsCsvHeader =
    "variant,run,iterations,total_cycles,cycles_per_call,cpu_start,cpu_end,migrations,errors";
// pairs.csv as written since issue 12 (report_output.hpp), with one <Q>_enter,<Q>_exit pair of
// columns per probe, and as written before it (still read: older results folders).
inline constexpr const char* kPairsCsvHeaderShape =
    "seq,cpu,kernel_cpu,u_before,u_after,<P>_enter,<P>_exit[,<Q>_enter,<Q>_exit...],entry,kernel,"
    "exit,round_trip";
inline constexpr const char* kLegacyPairsCsvHeader =
    "run,seq,cpu,kernel_cpu,user_tsc,kernel_tsc,delta";

// A results file that is missing, empty or malformed. what() is a complete one-line message.
class ResultsFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One row of runs.csv: one process run of one round-trip variant.
struct RoundtripRun {
  std::string variant;
  uint64_t run = 0;
  uint64_t iterations = 0;
  uint64_t total_cycles = 0;
  double cycles_per_call = 0;
  uint32_t cpu_start = 0;
  uint32_t cpu_end = 0;
  uint32_t migrations = 0;
  uint32_t errors = 0;
};

// What the plots and the table need from pairs.csv (which may hold millions of rows): the
// deltas of the same-CPU pairs, and counts of the rest.
struct EntrySamples {
  uint64_t rows = 0;
  uint64_t cross_cpu = 0;                // rows whose user and kernel CPU differ (not in deltas)
  uint64_t negative = 0;                 // same-CPU rows with delta < 0 (kept in deltas)
  std::vector<int64_t> same_cpu_deltas;  // file order
};

// `name` is how the file is named in messages (e.g. "DIR/runs.csv"). Throw ResultsFileError.
std::vector<RoundtripRun> parse_runs_csv(std::istream& in, const std::string& name);
EntrySamples parse_pairs_csv(std::istream& in, const std::string& name);

// Open and parse; a file that cannot be opened is a ResultsFileError too.
std::vector<RoundtripRun> read_runs_csv(const std::filesystem::path& path);
EntrySamples read_pairs_csv(const std::filesystem::path& path);

}  // namespace iprobe
