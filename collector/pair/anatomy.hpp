// The anatomy of one call (stamp format 2): entry, kernel and exit parts of the round trip, from
// the four stamps of a format-2 pair, and the order checks of single-probe and cross-check runs.
// Differences are modular and read as signed, like Pair::delta: a negative part is kept.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "util/types.hpp"

namespace iprobe {

// entry = P_enter - u_before, kernel = P_exit - P_enter, exit = u_after - P_exit,
// round_trip = u_after - u_before; entry + kernel + exit == round_trip (modulo 2^64).
struct CallAnatomy {
  int64_t entry = 0;
  int64_t kernel = 0;
  int64_t exit = 0;
  int64_t round_trip = 0;
};

// The anatomy of a pair holding u_after and P_exit; nullopt for format-1 pairs.
std::optional<CallAnatomy> call_anatomy(const Pair& pair);

// u_before <= P_enter <= P_exit <= u_after, i.e. no part is negative.
bool in_order(const CallAnatomy& anatomy);

// Whether probe `outer` stamps outside probe `inner` in a call: the tracepoint events fire
// around the ioctl code, where the patch, the module and HermiTux stamp.
bool probe_encloses(Probe outer, Probe inner);

// The cross-check chain u_before <= outer_enter <= inner_enter <= inner_exit <= outer_exit <=
// u_after of a call stamped by the primary probe (pair) and the extra probe (call); nullopt when
// one of the six stamps is absent.
std::optional<bool> cross_check_chain_holds(const Pair& pair, Probe primary, Probe extra,
                                            const ProbeCall& call);

// Statistics of each part over the same-CPU pairs with all four stamps (cross-CPU pairs are
// left out as in the entry latency: the TSC offset between CPUs is unknown). Order-violating
// calls are kept. nullopt when no pair qualifies.
struct AnatomyStats {
  LatencyStats entry;
  LatencyStats kernel;
  LatencyStats exit;
  LatencyStats round_trip;
};
std::optional<AnatomyStats> anatomy_stats(std::span<const Pair> pairs);

// Where the extra probe Q sits against the primary P, over the calls both stamped on the same
// CPU: enter_gap = P_enter - Q_enter, exit_gap = Q_exit - P_exit (calls with both exits).
struct CrossCheckGaps {
  LatencyStats enter_gap;
  LatencyStats exit_gap;
};
CrossCheckGaps cross_check_gaps(std::span<const Pair> pairs, const ExtraProbe& probe);

}  // namespace iprobe
