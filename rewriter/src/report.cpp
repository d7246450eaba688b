#include "rewriter/report.hpp"

#include <cstdio>
#include <sstream>

#include "rewriter/hex.hpp"

namespace sysrw {

namespace {

std::string json_string(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        o += "\\\"";
        break;
      case '\\':
        o += "\\\\";
        break;
      case '\n':
        o += "\\n";
        break;
      case '\t':
        o += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          o += buf;
        } else {
          o += c;
        }
    }
  }
  return o + "\"";
}

const char* status_name(SiteReport::Status s) {
  switch (s) {
    case SiteReport::Status::kRewritten:
      return "rewritten";
    case SiteReport::Status::kRefused:
      return "refused";
    case SiteReport::Status::kSkipped:
      return "skipped";
  }
  return "?";
}

}  // namespace

size_t Report::count(SiteReport::Status s) const {
  size_t n = 0;
  for (const auto& x : sites) n += x.status == s;
  return n;
}

std::map<Refusal, size_t> Report::refused_by_reason() const {
  std::map<Refusal, size_t> m;
  for (const auto& x : sites)
    if (x.status == SiteReport::Status::kRefused) ++m[x.reason];
  return m;
}

std::string report_text(const Report& r, bool list_sites) {
  std::ostringstream o;
  o << "syscall-rewriter: " << r.input << " -> " << r.output << " (" << r.target << ")\n";
  if (!r.call.empty()) o << "  call              " << r.call << "\n";
  if (r.bind)
    o << "  bound             " << r.bind->symbol << " (" << hex(r.bind->slot) << ", was "
      << hex(r.bind->old_value) << ") = " << r.bind->function << " " << hex(r.bind->address)
      << " of " << r.bind->image << " (sha256 " << r.bind->image_sha256 << ")\n";
  o << "  function bounds   " << (r.symbols ? "symbol table" : "stripped: conservative fallback")
    << "\n";
  o << "  sites found       " << r.sites.size() << "\n";
  o << "  rewritten         " << r.count(SiteReport::Status::kRewritten) << "\n";
  o << "  refused           " << r.count(SiteReport::Status::kRefused) << "\n";
  for (auto [reason, n] : r.refused_by_reason())
    o << "    " << refusal_name(reason) << " " << n << " (" << refusal_text(reason) << ")\n";
  if (size_t skipped = r.count(SiteReport::Status::kSkipped))
    o << "  skipped (filter)  " << skipped << "\n";
  o << "  bytes added       " << (r.output_size - r.input_size) << " (trampolines "
    << r.trampoline_bytes << ")\n";
  char t[32];
  std::snprintf(t, sizeof t, "%.3f", r.seconds);
  o << "  time              " << t << " s\n";
  if (list_sites) {
    for (const auto& s : r.sites) {
      o << "  " << hex(s.addr) << " nr=" << (s.nr ? std::to_string(*s.nr) : "?") << " "
        << (s.function.empty() ? "-" : s.function) << " " << status_name(s.status);
      if (s.status == SiteReport::Status::kRewritten)
        o << " [" << hex(s.patch_start) << "," << hex(s.patch_end) << ") -> "
          << (s.trampoline ? hex(s.trampoline) : std::string("int3"));
      if (s.status == SiteReport::Status::kRefused)
        o << " " << refusal_name(s.reason) << ": " << s.detail;
      o << "\n";
    }
  }
  return o.str();
}

std::string report_json(const Report& r) {
  std::ostringstream o;
  o << "{\n";
  o << "  \"input\": " << json_string(r.input) << ",\n";
  o << "  \"output\": " << json_string(r.output) << ",\n";
  o << "  \"target\": " << json_string(r.target) << ",\n";
  o << "  \"call\": " << json_string(r.call) << ",\n";
  o << "  \"bind\": ";
  if (r.bind)
    o << "{\"symbol\": " << json_string(r.bind->symbol)
      << ", \"slot\": " << json_string(hex(r.bind->slot))
      << ", \"old_value\": " << json_string(hex(r.bind->old_value))
      << ", \"function\": " << json_string(r.bind->function)
      << ", \"address\": " << json_string(hex(r.bind->address))
      << ", \"image\": " << json_string(r.bind->image)
      << ", \"image_sha256\": " << json_string(r.bind->image_sha256) << "},\n";
  else
    o << "null,\n";
  o << "  \"function_bounds\": " << json_string(r.symbols ? "symbols" : "fallback") << ",\n";
  o << "  \"instructions\": " << r.instructions << ",\n";
  o << "  \"branch_targets\": " << r.branch_targets << ",\n";
  o << "  \"sites_found\": " << r.sites.size() << ",\n";
  o << "  \"rewritten\": " << r.count(SiteReport::Status::kRewritten) << ",\n";
  o << "  \"refused\": " << r.count(SiteReport::Status::kRefused) << ",\n";
  o << "  \"skipped\": " << r.count(SiteReport::Status::kSkipped) << ",\n";
  o << "  \"refused_by_reason\": {";
  auto by = r.refused_by_reason();
  bool first = true;
  for (Refusal reason : kAllRefusals) {
    o << (first ? "" : ", ") << json_string(refusal_name(reason)) << ": "
      << (by.count(reason) ? by[reason] : 0);
    first = false;
  }
  o << "},\n";
  o << "  \"input_size\": " << r.input_size << ",\n";
  o << "  \"output_size\": " << r.output_size << ",\n";
  o << "  \"bytes_added\": " << (r.output_size - r.input_size) << ",\n";
  o << "  \"trampoline_bytes\": " << r.trampoline_bytes << ",\n";
  char t[32];
  std::snprintf(t, sizeof t, "%.6f", r.seconds);
  o << "  \"seconds\": " << t << ",\n";
  o << "  \"sites\": [";
  for (size_t i = 0; i < r.sites.size(); ++i) {
    const auto& s = r.sites[i];
    o << (i ? ",\n    " : "\n    ") << "{\"addr\": " << json_string(hex(s.addr))
      << ", \"nr\": " << (s.nr ? std::to_string(*s.nr) : "null")
      << ", \"function\": " << json_string(s.function)
      << ", \"status\": " << json_string(status_name(s.status));
    if (s.status == SiteReport::Status::kRewritten)
      o << ", \"patch\": [" << json_string(hex(s.patch_start)) << ", "
        << json_string(hex(s.patch_end)) << "], \"trampoline\": "
        << (s.trampoline ? json_string(hex(s.trampoline)) : std::string("null"));
    if (s.status == SiteReport::Status::kRefused)
      o << ", \"reason\": " << json_string(refusal_name(s.reason))
        << ", \"detail\": " << json_string(s.detail);
    o << "}";
  }
  o << (r.sites.empty() ? "]\n" : "\n  ]\n");
  o << "}\n";
  return o.str();
}

}  // namespace sysrw
