// What a run did besides measuring, as facts a reader of its results can rely on: whether the
// results are complete, which probe stamped the calls and why that one, what the run did to
// tracefs. Captured by the scenarios' runners, carried by the capture (raw/run.json) into the
// results header (summary.json), typed all the way (results/run_facts_json writes and reads them).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/enums.hpp"

namespace iprobe {

// How the probes of a --scenario linux run were chosen: named with --probe, or by --probe auto
// (the default there) from what this kernel offers.
struct ProbeDecision {
  std::string requested;      // "auto", or the list named with --probe ("patch,tracepoint")
  std::vector<Probe> chosen;  // the probes the run used, primary first
  std::string reason;         // one sentence: why these
  // auto: each probe it passed over before the chosen one, with why (patch, then module).
  std::vector<std::pair<Probe, std::string>> passed_over;
};

// The tracefs a --probe tracepoint run used.
struct TracefsUse {
  std::string dir;              // where tracefs was mounted during the run
  bool mounted_by_run = false;  // mounted (or taken over) for the run, and unmounted after it
  std::string note;             // what the run did to the mount, one sentence; "" = nothing
  std::string instance;         // the run's own instance (removed after the run)
  std::string clock;            // its trace clock (x86-tsc)
};

// ioprobe-* tracefs instances found before the run: left by collector runs that were killed, with
// the ioctl tracepoints on (removed), or naming no owner (older collectors; reported, kept).
struct StaleInstances {
  std::vector<std::string> removed;
  std::vector<std::string> unowned;
};

struct RunFacts {
  // Why the results are partial (interrupted, the loop killed by a signal); nullopt: complete.
  // A run whose results are partial exits with a non-zero status, always.
  std::optional<std::string> incomplete;
  std::optional<ProbeDecision> probe_choice;            // --scenario linux entry runs
  std::optional<TracefsUse> tracefs;                    // --probe tracepoint runs
  std::optional<StaleInstances> stale_trace_instances;  // runs that looked for them
};

}  // namespace iprobe
