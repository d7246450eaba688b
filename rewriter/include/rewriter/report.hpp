// What a rewrite did, as text for people and JSON for scripts.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rewriter/site_planner.hpp"

namespace sysrw {

struct SiteReport {
  uint64_t addr = 0;
  std::optional<uint64_t> nr;
  std::string function;
  enum class Status { kRewritten, kRefused, kSkipped } status = Status::kRewritten;
  Refusal reason{};
  std::string detail;
  uint64_t patch_start = 0, patch_end = 0, trampoline = 0;  // rewritten only
};

// --bind: the function pointer set to a kernel image's function.
struct BindReport {
  std::string symbol;  // in the binary
  uint64_t slot = 0;   // its address
  uint64_t old_value = 0;
  std::string function;  // in the image
  uint64_t address = 0;
  std::string image;
  std::string image_sha256;
};

struct Report {
  std::string input;
  std::string output;
  std::string target;
  std::string call;      // local:/kernel: how the function is called (CallPlan::basis)
  bool symbols = false;  // function bounds from the symbol table
  uint64_t instructions = 0;
  uint64_t branch_targets = 0;
  std::vector<SiteReport> sites;
  std::optional<BindReport> bind;
  uint64_t input_size = 0;
  uint64_t output_size = 0;
  uint64_t trampoline_bytes = 0;
  double seconds = 0;

  [[nodiscard]] size_t count(SiteReport::Status s) const;
  [[nodiscard]] std::map<Refusal, size_t> refused_by_reason() const;
};

std::string report_text(const Report& r, bool list_sites);
std::string report_json(const Report& r);

}  // namespace sysrw
