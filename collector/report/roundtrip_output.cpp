// Round-trip benchmark outputs: summary.json, runs.csv and the comparison table.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "env/environment_json.hpp"
#include "plot/plot_draw.hpp"
#include "report/roundtrip.hpp"
#include "util/json_writer.hpp"
#include "util/text_format.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

void write_floor(JsonWriter& json, std::string_view name, const std::optional<TscFloor>& floor,
                 bool with_samples) {
  if (!floor) {
    json.null_field(name);
    return;
  }
  json.key(name);
  json.begin_object();
  json.field("min", floor->min);
  json.field("p50", floor->p50);
  if (with_samples) json.field("samples", floor->samples);
  json.end_object();
}

void write_cycles_per_call(JsonWriter& json, const RunStats& s) {
  if (s.n == 0) {
    json.null_field("cycles_per_call");
    return;
  }
  json.key("cycles_per_call");
  json.begin_object();
  json.field("n", s.n);
  json.field("min", s.min);
  json.field("p50", s.p50);
  json.field("mean", s.mean);
  json.field("stddev", s.stddev);
  if (s.ci95) {
    json.key("ci95");
    json.begin_array();
    json.value(s.ci95->first);
    json.value(s.ci95->second);
    json.end_array();
  } else {
    json.null_field("ci95");
  }
  json.end_object();
}

void write_variant(JsonWriter& json, const VariantResult& v) {
  json.key(v.name);
  json.begin_object();
  json.field("binary", v.binary);
  write_cycles_per_call(json, v.stats);
  // Position i is run i + 1; null for a run that produced no usable total.
  json.key("runs");
  json.begin_array();
  for (const RoundtripRunResult& r : v.runs) {
    if (r.usable()) {
      json.value(r.cycles_per_call);
    } else {
      json.null();
    }
  }
  json.end_array();
  if (v.ratio_to_fastest) {
    json.field("ratio_to_fastest", *v.ratio_to_fastest);
  } else {
    json.null_field("ratio_to_fastest");
  }
  write_floor(json, "floor", v.floor, false);
  json.field("migrations", v.migrations);
  json.field("errors", v.errors);
  json.key("outlier_runs");
  json.begin_array();
  for (uint32_t run : v.outlier_runs) json.value(run);
  json.end_array();
  json.key("failed_runs");
  json.begin_array();
  for (const RoundtripRunResult& r : v.runs) {
    if (r.usable()) continue;
    json.begin_object();
    json.field("run", r.run);
    json.field("reason", r.failure);
    json.end_object();
  }
  json.end_array();
  json.end_object();
}

template <typename Write>
void write_file(const fs::path& path, const char* what, Write write) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    throw std::runtime_error(std::string("cannot write ") + what + " '" + path.string() + "'");
  write(out);
  out.flush();
  if (!out)
    throw std::runtime_error(std::string("error writing ") + what + " '" + path.string() + "'");
}

}  // namespace

void write_roundtrip_summary_json(std::ostream& out, const RoundtripSummary& s) {
  JsonWriter json(out);
  json.begin_object();
  json.field("benchmark", "roundtrip");
  json.field("scenario", s.scenario);
  json.field("iterations", s.iterations);
  json.field("warmup", s.warmup);
  json.field("runs", s.runs);
  json.field("cpu", s.cpu);
  json.field("subtract_floor", s.subtract_floor);
  json.field("outlier_factor", s.outlier_factor);
  json.key("variants");
  json.begin_object();
  for (const VariantResult& v : s.variants) write_variant(json, v);
  json.end_object();
  json.key("missing_variants");
  json.begin_array();
  for (const std::string& name : s.missing_variants) json.value(name);
  json.end_array();
  write_floor(json, "tsc_floor_cycles", s.tsc_floor, true);
  write_environment_json(json, s.environment);
  json.key("warnings");
  json.begin_array();
  for (const std::string& warning : s.warnings) json.value(warning);
  json.end_array();
  json.key("extra");
  json.begin_object();
  for (const auto& [name, value] : s.extra) json.field(name, value);
  json.end_object();
  json.end_object();
  out << '\n';
}

void write_roundtrip_summary_json(const fs::path& path, const RoundtripSummary& s) {
  write_file(path, "summary", [&](std::ostream& out) { write_roundtrip_summary_json(out, s); });
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
  write_file(path, "runs.csv", [&](std::ostream& out) { write_runs_csv(out, s); });
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
