// summary.json of an interposition run: written and read here.
#include <algorithm>
#include <charconv>
#include <cstdio>

#include "benchmarks/interpose/interpose_results.hpp"
#include "results/json_file.hpp"

using Json = nlohmann::ordered_json;

namespace iprobe {
namespace {

constexpr const char* kPerCallStatistic =
    "median across runs of each run's p50 and p99 of after - before (TSC floor included); min "
    "and max over all runs";
constexpr const char* kOverheadStatistic =
    "median across runs of (total_cycles - floor.min) / calls, minus raw's with the same call; "
    "min_cycles: the same of the smallest";

template <typename T>
Json optional_json(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

template <typename T>
std::optional<T> optional_from(const Json& json) {
  if (json.is_null()) return std::nullopt;
  return json.get<T>();
}

std::string hex(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof(text), "0x%x", value);
  return text;
}

Json call_json(const CallSeries& c) {
  Json json{{"name", c.call}, {"number", optional_json(c.nr)}};
  if (c.call == "ioctl") {
    json["device"] = kInterposeDevice;
    json["command"] = c.command ? Json(hex(*c.command)) : Json(nullptr);
  }
  json["result"] = optional_json(c.result);
  json["expected"] = optional_json(c.expected);
  return json;
}

Json per_call_json(const std::optional<PerCallStats>& p) {
  if (!p) return nullptr;
  return Json{{"statistic", kPerCallStatistic},
              {"calls", p->calls},
              {"p50", p->p50},
              {"p99", p->p99},
              {"min", p->min},
              {"max", p->max},
              {"negative", p->negative}};
}

Json overhead_json(const std::optional<Overhead>& o) {
  if (!o) return nullptr;
  return Json{{"statistic", kOverheadStatistic},
              {"mechanism", o->mechanism},
              {"raw", o->raw},
              {"cycles", o->cycles},
              {"ratio", optional_json(o->ratio)},
              {"min_cycles", o->min_cycles},
              {"per_call_p50_cycles", optional_json(o->per_call_p50_cycles)}};
}

Json series_json(const CallSeries& c) {
  Json json{{"call", call_json(c)}};
  write_series_json(json, c.pass);
  json["per_call"] = per_call_json(c.per_call);
  json["overhead_vs_raw"] = overhead_json(c.overhead_vs_raw);
  json["hooked"] = c.hooked;
  json["calls"] = c.calls;
  return json;
}

Json mechanism_json(const MechanismResult& m) {
  Json json{{"binary", m.binary},
            {"helper", m.helper.empty() ? Json(nullptr) : Json(m.helper)},
            {"helper_cpus", m.helper_cpus},
            {"skipped", optional_json(m.skipped)}};
  for (const CallSeries& c : m.calls) json[c.call] = series_json(c);
  return json;
}

}  // namespace

void write_interpose_summary_json(Json& json, const ResultsHeader& h, const InterposeResults& s) {
  json["benchmark"] = name(Benchmark::kInterpose);
  json["scenario"] = h.scenario;
  json["iterations"] = h.iterations;
  json["warmup"] = h.warmup.value_or(0);
  json["runs"] = s.runs;
  json["cpu"] = h.cpu;
  json["supervisor_cpu"] = s.supervisor_cpu;
  json["outlier_factor"] = s.outlier_factor;
  json["calls"] = s.calls;
  Json mechanisms = Json::object();
  for (const MechanismResult& m : s.mechanisms) mechanisms[m.name] = mechanism_json(m);
  json["mechanisms"] = std::move(mechanisms);
  json["missing_mechanisms"] = s.missing_mechanisms;
  json["tsc_floor_cycles"] = floor_json(s.tsc_floor, true);
}

namespace {

std::optional<PerCallStats> per_call_from_json(const Json& json) {
  if (json.is_null()) return std::nullopt;
  PerCallStats p;
  p.calls = json.at("calls").get<uint64_t>();
  p.p50 = json.at("p50").get<double>();
  p.p99 = json.at("p99").get<double>();
  p.min = json.at("min").get<int64_t>();
  p.max = json.at("max").get<int64_t>();
  p.negative = json.at("negative").get<uint64_t>();
  return p;
}

std::optional<Overhead> overhead_from_json(const Json& json) {
  if (json.is_null()) return std::nullopt;
  Overhead o;
  o.mechanism = json.at("mechanism").get<double>();
  o.raw = json.at("raw").get<double>();
  o.cycles = json.at("cycles").get<double>();
  o.ratio = optional_from<double>(json.at("ratio"));
  o.min_cycles = json.at("min_cycles").get<double>();
  o.per_call_p50_cycles = optional_from<double>(json.at("per_call_p50_cycles"));
  return o;
}

// "0x..." as call_json writes it.
uint32_t command_from_text(const std::string& text) {
  uint32_t value = 0;
  const char* last = text.data() + text.size();
  const auto [end, ec] =
      std::from_chars(text.data() + std::min<std::size_t>(2, text.size()), last, value, 16);
  if (text.substr(0, 2) != "0x" || text.size() == 2 || ec != std::errc() || end != last)
    throw SummaryFormatError("the ioctl command '" + text + "' is not a hex number 0x...");
  return value;
}

CallSeries series_from_json(const std::string& mechanism, const std::string& call,
                            const std::string& binary, const Json& json) {
  CallSeries c;
  c.call = call;
  c.pass.name = interpose_series_name(mechanism, call);
  c.pass.binary = binary;
  read_series_json(json, c.pass);
  const Json& used = json.at("call");
  c.nr = optional_from<uint32_t>(used.at("number"));
  if (call == "ioctl")
    if (const Json& command = used.at("command"); !command.is_null())
      c.command = command_from_text(command.get<std::string>());
  c.result = optional_from<int64_t>(used.at("result"));
  c.expected = optional_from<int64_t>(used.at("expected"));
  c.per_call = per_call_from_json(json.at("per_call"));
  c.overhead_vs_raw = overhead_from_json(json.at("overhead_vs_raw"));
  c.hooked = json.at("hooked").get<uint64_t>();
  c.calls = json.at("calls").get<uint64_t>();
  return c;
}

MechanismResult mechanism_from_json(const std::string& name, const std::vector<std::string>& calls,
                                    const Json& json) {
  MechanismResult m;
  m.name = name;
  m.binary = json.at("binary").get<std::string>();
  m.helper = optional_from<std::string>(json.at("helper")).value_or("");
  m.helper_cpus = json.at("helper_cpus").get<std::vector<int>>();
  m.skipped = optional_from<std::string>(json.at("skipped"));
  for (const std::string& call : calls)
    if (json.contains(call))
      m.calls.push_back(series_from_json(name, call, m.binary, json.at(call)));
  return m;
}

}  // namespace

std::unique_ptr<InterposeResults> read_interpose_summary_json(const Json& json, ResultsHeader& h) {
  auto s = std::make_unique<InterposeResults>();
  h.scenario = json.at("scenario").get<std::string>();
  h.iterations = json.at("iterations").get<uint64_t>();
  h.warmup = json.at("warmup").get<uint64_t>();
  s->runs = json.at("runs").get<uint32_t>();
  h.cpu = json.at("cpu").get<int>();
  s->supervisor_cpu = json.at("supervisor_cpu").get<int>();
  s->outlier_factor = json.at("outlier_factor").get<double>();
  s->calls = json.at("calls").get<std::vector<std::string>>();
  for (const auto& [name, mechanism] : json.at("mechanisms").items())
    s->mechanisms.push_back(mechanism_from_json(name, s->calls, mechanism));
  s->missing_mechanisms = json.at("missing_mechanisms").get<std::vector<std::string>>();
  s->tsc_floor = floor_from_json(json.at("tsc_floor_cycles"));
  return s;
}

}  // namespace iprobe
