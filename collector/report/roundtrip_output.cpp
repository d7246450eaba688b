// Round-trip benchmark outputs: summary.json, runs.csv and the comparison table.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "env/environment_json.hpp"
#include "plot/plot_draw.hpp"
#include "report/json_file.hpp"
#include "report/roundtrip.hpp"
#include "util/file_util.hpp"
#include "util/text_format.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

Json cycles_per_call_json(const RunStats& s) {
  if (s.n == 0) return nullptr;
  Json json{{"n", s.n}, {"min", s.min}, {"p50", s.p50}, {"mean", s.mean}, {"stddev", s.stddev}};
  json["ci95"] = s.ci95 ? Json::array({s.ci95->first, s.ci95->second}) : Json(nullptr);
  return json;
}

Json variant_json(const VariantResult& v) {
  Json runs = Json::array();
  Json failed = Json::array();
  for (const RoundtripRunResult& r : v.runs) {
    runs.push_back(r.usable() ? Json(r.cycles_per_call) : Json(nullptr));
    if (!r.usable()) failed.push_back(Json{{"run", r.run}, {"reason", r.failure}});
  }
  Json json{{"binary", v.binary}, {"cycles_per_call", cycles_per_call_json(v.stats)}};
  json["runs"] = std::move(runs);
  json["ratio_to_fastest"] = v.ratio_to_fastest ? Json(*v.ratio_to_fastest) : Json(nullptr);
  json["floor"] = floor_json(v.floor, false);
  json["migrations"] = v.migrations;
  json["errors"] = v.errors;
  json["outlier_runs"] = v.outlier_runs;
  json["failed_runs"] = std::move(failed);
  return json;
}

}  // namespace

void write_roundtrip_summary_json(std::ostream& out, const RoundtripSummary& s) {
  Json json{{"benchmark", "roundtrip"},
            {"scenario", s.scenario},
            {"iterations", s.iterations},
            {"warmup", s.warmup},
            {"runs", s.runs},
            {"cpu", s.cpu},
            {"subtract_floor", s.subtract_floor},
            {"outlier_factor", s.outlier_factor}};
  Json variants = Json::object();
  for (const VariantResult& v : s.variants) variants[v.name] = variant_json(v);
  json["variants"] = std::move(variants);
  json["missing_variants"] = s.missing_variants;
  json["tsc_floor_cycles"] = floor_json(s.tsc_floor, true);
  json["environment"] = s.environment;
  json["warnings"] = s.warnings;
  Json extra = Json::object();
  for (const auto& [name, value] : s.extra) extra[name] = value;
  json["extra"] = std::move(extra);
  write_json(out, json);
}

void write_roundtrip_summary_json(const fs::path& path, const RoundtripSummary& s) {
  write_output_file(path, "summary",
                    [&](std::ostream& out) { write_roundtrip_summary_json(out, s); });
}

namespace {

RunStats stats_from_json(const Json& json) {
  RunStats st;
  if (json.is_null()) return st;
  st.n = json.at("n").get<std::size_t>();
  st.min = json.at("min").get<double>();
  st.p50 = json.at("p50").get<double>();
  st.mean = json.at("mean").get<double>();
  st.stddev = json.at("stddev").get<double>();
  if (const Json& ci = json.at("ci95"); !ci.is_null())
    st.ci95 = std::make_pair(ci.at(0).get<double>(), ci.at(1).get<double>());
  return st;
}

// What the table and the plots use; the per-run results stay in summary.json and runs.csv.
VariantResult variant_from_json(const std::string& name, const Json& json) {
  VariantResult v;
  v.name = name;
  v.binary = json.at("binary").get<std::string>();
  v.stats = stats_from_json(json.at("cycles_per_call"));
  if (const Json& ratio = json.at("ratio_to_fastest"); !ratio.is_null())
    v.ratio_to_fastest = ratio.get<double>();
  v.floor = floor_from_json(json.at("floor"));
  v.migrations = json.at("migrations").get<uint64_t>();
  v.errors = json.at("errors").get<uint64_t>();
  v.outlier_runs = json.at("outlier_runs").get<std::vector<uint32_t>>();
  return v;
}

}  // namespace

RoundtripSummary read_roundtrip_summary_json(const Json& json) {
  RoundtripSummary s;
  s.scenario = json.at("scenario").get<std::string>();
  s.iterations = json.at("iterations").get<uint64_t>();
  s.warmup = json.at("warmup").get<uint64_t>();
  s.runs = json.at("runs").get<uint32_t>();
  s.cpu = json.at("cpu").get<int>();
  s.subtract_floor = json.at("subtract_floor").get<bool>();
  s.outlier_factor = json.at("outlier_factor").get<double>();
  for (const auto& [name, variant] : json.at("variants").items())
    s.variants.push_back(variant_from_json(name, variant));
  s.missing_variants = json.at("missing_variants").get<std::vector<std::string>>();
  s.tsc_floor = floor_from_json(json.at("tsc_floor_cycles"));
  s.environment = json.at("environment").get<Environment>();
  s.warnings = json.at("warnings").get<std::vector<std::string>>();
  for (const auto& [name, value] : json.at("extra").items())
    s.extra.emplace_back(name, value.get<std::string>());
  return s;
}

void write_runs_csv(std::ostream& out, const RoundtripSummary& s) {
  out << kRunsCsvHeader << '\n';
  for (const VariantResult& v : s.variants) {
    for (const RoundtripRunResult& r : v.runs) {
      if (!r.usable()) continue;
      const LoopTotal& t = *r.total;
      out << v.name << ',' << r.run << ',' << t.calls << ',' << t.cycles << ','
          << shortest(r.cycles_per_call) << ',' << t.cpu_start << ',' << t.cpu_end << ','
          << t.migrations << ',' << t.errors << '\n';
    }
  }
}

void write_runs_csv(const fs::path& path, const RoundtripSummary& s) {
  write_output_file(path, "runs.csv", [&](std::ostream& out) { write_runs_csv(out, s); });
}

void print_roundtrip_table(std::ostream& out, const RoundtripSummary& s) {
  out << "round trip (MB1)  scenario=" << s.scenario << " iterations=" << s.iterations << " (+"
      << s.warmup << " warm-up) runs=" << s.runs << " cpu=" << s.cpu
      << (s.subtract_floor ? " floor subtracted" : "") << '\n';
  out << "cycles per call across runs; CI = 95% confidence interval of the mean (Student t)\n";
  out << "  " << pad("scenario/variant", 34) << ' ' << pad("runs", 5, Align::kRight) << ' '
      << pad("median", 10, Align::kRight) << ' ' << pad("mean +- stddev", 22, Align::kRight) << ' '
      << pad("95% CI", 22, Align::kRight) << ' ' << pad("min", 10, Align::kRight) << ' '
      << pad("x fastest", 9, Align::kRight) << ' ' << '\n';
  std::vector<const VariantResult*> order;
  for (const VariantResult& v : s.variants) order.push_back(&v);
  // Slowest first, like the thesis figure; variants without a result last.
  std::stable_sort(order.begin(), order.end(), [](const VariantResult* a, const VariantResult* b) {
    if ((a->stats.n > 0) != (b->stats.n > 0)) return a->stats.n > 0;
    return a->stats.p50 > b->stats.p50;
  });
  for (const VariantResult* v : order) {
    const RunStats& st = v->stats;
    out << "  " << pad(s.scenario + "/" + v->name, 34) << ' ';
    if (st.n == 0) {
      out << pad("0", 5, Align::kRight) << ' ' << "no usable run\n";
      continue;
    }
    const std::string ci =
        st.ci95 ? "[" + fixed(st.ci95->first) + ", " + fixed(st.ci95->second) + "]" : "n/a";
    out << pad(std::to_string(st.n), 5, Align::kRight) << ' '
        << pad(fixed(st.p50), 10, Align::kRight) << ' '
        << pad(fixed(st.mean) + " +- " + fixed(st.stddev), 22, Align::kRight) << ' '
        << pad(ci, 22, Align::kRight) << ' ' << pad(fixed(st.min), 10, Align::kRight) << ' '
        << pad(v->ratio_to_fastest ? fixed(*v->ratio_to_fastest, 2) : "n/a", 9, Align::kRight)
        << ' ' << '\n';
  }
  for (const std::string& name : s.missing_variants)
    out << "  " << pad(s.scenario + "/" + name, 34) << ' ' << "not run (program missing)\n";
  if (s.tsc_floor) {
    out << "TSC floor (cycles, one ordered read pair)  min " << s.tsc_floor->min << "  p50 "
        << s.tsc_floor->p50 << "  samples " << s.tsc_floor->samples << '\n';
  } else {
    out << "TSC floor (cycles)  unknown\n";
  }
  const Environment& e = s.environment;
  auto known = [](const std::string& t) { return t.empty() ? std::string("unknown") : t; };
  std::string flags;
  for (const std::string& flag : e.tsc_flags) flags += (flags.empty() ? "" : " ") + flag;
  out << "environment  kernel " << known(e.kernel) << "; " << known(e.cpu_model) << "; tsc "
      << (flags.empty() ? "no flags" : flags) << ", khz " << known(e.tsc_khz) << "; hypervisor "
      << (e.hypervisor.empty() ? "none" : e.hypervisor)
      << (e.accel.empty() ? "" : ", accel " + e.accel) << '\n';
  for (const auto& [name, line] : e.mitigations)
    if (line != "Not affected") out << "  " << name << ": " << line << '\n';
  for (const std::string& warning : s.warnings) out << "WARNING: " << warning << '\n';
}

int write_roundtrip_report(const RoundtripReportInputs& in) {
  RoundtripSummary s = build_roundtrip_summary(in);
  if (in.wall_seconds) s.extra.emplace_back("wall_seconds", fixed(*in.wall_seconds, 2));
  fs::create_directories(in.output_dir);
  write_roundtrip_summary_json(in.output_dir / "summary.json", s);
  write_runs_csv(in.output_dir / "runs.csv", s);
  if (in.plots) draw_plots(in.output_dir, !in.print_table);
  if (in.print_table) {
    print_roundtrip_table(std::cout, s);
    std::cout << "results: " << in.output_dir.string() << "/{summary.json,runs.csv,raw/}\n";
  }
  return 0;
}

}  // namespace iprobe
