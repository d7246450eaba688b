// The round-trip figure is drawn from the variants' statistics (LoopSeries::stats), the ones
// summary.json and the table hold: no second computation from runs.csv.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "benchmarks/roundtrip/roundtrip_results.hpp"
#include "util/text_format.hpp"

namespace iprobe {
namespace {

LoopRun usable(const std::string& variant, uint32_t run, double cycles_per_call) {
  LoopRun r;
  r.name = variant;
  r.run = run;
  r.cycles_per_call = cycles_per_call;
  r.total = LoopTotal{run, 1000, static_cast<uint64_t>(cycles_per_call * 1000), 1, 1, 0, 0};
  return r;
}

RoundtripResults results(const std::vector<std::pair<std::string, std::vector<double>>>& values) {
  RoundtripResults r;
  std::vector<std::string> warnings;
  for (const auto& [name, cycles] : values) {
    std::vector<LoopRun> runs;
    for (std::size_t i = 0; i < cycles.size(); ++i)
      runs.push_back(usable(name, static_cast<uint32_t>(i + 1), cycles[i]));
    if (cycles.empty()) {
      LoopRun failed;
      failed.name = name;
      failed.run = 1;
      failed.failure = "no loop total";
      runs.push_back(failed);
    }
    r.variants.push_back(aggregate_loop_runs(name, "roundtrip-loop-" + name, runs, 1.5, warnings));
  }
  r.finish();
  return r;
}

std::string row(const LoopSeries& v) {
  const RunStats& s = v.stats;
  const double half = s.ci95 ? (s.ci95->second - s.ci95->first) / 2 : 0;
  return '"' + v.name + "\" " + std::to_string(s.n) + ' ' + general(s.min) + ' ' + general(s.p50) +
         ' ' + general(s.mean) + ' ' + general(s.max) + ' ' + general(s.stddev) + ' ' +
         general(s.mean - half) + ' ' + general(s.mean + half) + '\n';
}

TEST(RoundtripFigure, OneRowPerVariantWithAUsableRunFromItsStatistics) {
  const RoundtripResults r = results({{"raw", {4, 1, 3, 2}}, {"gone", {}}, {"fn", {10}}});
  ResultsHeader header;
  header.scenario = "linux";
  const FigureSet set = r.figures(header, FigureContext{"/results", "png"});
  ASSERT_EQ(set.figures.size(), 1u);
  EXPECT_TRUE(set.notes.empty());
  const Figure& f = set.figures[0];
  EXPECT_EQ(f.name, "roundtrip");
  EXPECT_EQ(f.files.data, "plot-data/roundtrip.dat");
  const LoopSeries& raw = r.variants[0];
  EXPECT_DOUBLE_EQ(raw.stats.max, 4);
  EXPECT_DOUBLE_EQ(raw.stats.p50, 2.5);  // even count: mean of the middle two, as summary.json
  EXPECT_EQ(f.data_text,
            "# cycles per call per variant, from runs.csv\n"
            "# variant runs min p50 mean max stddev ci95_low ci95_high\n" +
                row(raw) + row(r.variants[2]));
  EXPECT_NE(f.data_text.find("\"fn\" 1 10 10 10 10 0 10 10\n"), std::string::npos);
  EXPECT_NE(f.script.find("scenario linux"), std::string::npos);
  EXPECT_NE(f.script.find("bars: median of the runs of 1000 calls"), std::string::npos);
  EXPECT_EQ(f.script.find("logscale"), std::string::npos);  // 10 / 1: no log axis
}

TEST(RoundtripFigure, LogAxisAndTheRunsEachVariantHad) {
  const RoundtripResults r = results({{"raw", {450, 470}}, {"fn", {6, 7}}});
  ResultsHeader header;
  header.environment.accel = "tcg";
  const FigureSet set = r.figures(header, FigureContext{"/results", "png"});
  ASSERT_EQ(set.figures.size(), 1u);
  const std::string& script = set.figures[0].script;
  EXPECT_NE(script.find("set logscale y"), std::string::npos) << script;
  EXPECT_NE(script.find("bars: median of 2 runs of 1000 calls"), std::string::npos) << script;
  EXPECT_NE(script.find("TCG emulation: emulated cycles"), std::string::npos) << script;
}

TEST(RoundtripFigure, NoUsableRunIsANote) {
  const RoundtripResults r = results({{"raw", {}}});
  const FigureSet set = r.figures(ResultsHeader{}, FigureContext{"/results", "png"});
  EXPECT_TRUE(set.figures.empty());
  EXPECT_EQ(set.notes,
            std::vector<std::string>{"/results/runs.csv has no runs: round-trip plot skipped"});
}

}  // namespace
}  // namespace iprobe
