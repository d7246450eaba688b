// `collector compare`: are the folders' cycles comparable? The fields of their environments
// that make cycles differ, and the refusal line when they do.
//
// Compared (a difference refuses, unless --mixed):
//   cpu_model            another CPU: another machine
//   tsc_khz              another TSC rate: a cycle is another length of time (more than 0.5%
//                        apart; "~N (cpu MHz)" estimates are read as N)
//   cycles               emulated (accel or hypervisor tcg, KVM by kvm_pvm) against hardware
//   mitigations.<name>   syscall cost changes several-fold with mitigations; a vulnerability a
//                        kernel does not list is not compared
// Not compared, shown per row instead: kernel, hypervisor and accel, which the scenarios vary
// by design (linux-qemu boots its own kernel; HermiTux runs in uhyve on the host's).
#pragma once

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "compare/compare_data.hpp"

namespace iprobe {

struct EnvironmentDifference {
  std::string field;  // "cpu_model", "tsc_khz", "cycles", "mitigations.spectre_v2"
  std::string why;    // what the difference does to the cycles
  // Each distinct value with the folders that have it, in folder order.
  std::vector<std::pair<std::string, std::vector<std::string>>> values;
};

std::vector<EnvironmentDifference> environment_differences(std::span<const CompareFolder> folders);

// "cpu_model differs ('A' in x, y; 'B' in z): another CPU, another machine"
std::string describe_difference(const EnvironmentDifference& difference);

// The one line compare refuses with: the first difference in full, the others named.
std::string refusal_line(std::span<const EnvironmentDifference> differences);

// "emulated (tcg)", "emulated (kvm_pvm)" or "hardware": the kind of cycles an environment counts.
std::string cycle_kind(const Environment& environment);

// What compare draws and prints: every series, slowest first (like the plan's figure), and the
// environment differences that --mixed let through. Series of the same scenario/variant from
// several folders are told apart by their folder's name (CompareSeries::tag).
struct Comparison {
  std::vector<CompareFolder> folders;
  std::vector<CompareSeries> series;
  std::vector<EnvironmentDifference> differences;  // empty unless mixed
};

// Throws CompareInputError with refusal_line() when the environments differ and !mixed.
Comparison make_comparison(std::vector<CompareFolder> folders, bool mixed);

}  // namespace iprobe
