// collector compare: reading real summary.json files, the environment check, compare.csv.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "compare/compare_data.hpp"
#include "compare/compare_environment.hpp"
#include "compare/compare_table.hpp"
#include "results/json_file.hpp"

namespace iprobe {
namespace {
namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(IPROBE_FIXTURE_DIR) / "compare";
const std::string kHermitux = (kFixtures / "hermitux-entry").string();
const std::string kLinuxRt = (kFixtures / "linux-roundtrip").string();
const std::string kQemuEntry = (kFixtures / "qemu-entry").string();
const std::string kQemuRt = (kFixtures / "qemu-roundtrip").string();
const std::string kQemuAnatomy = (kFixtures / "qemu-anatomy").string();

class Scratch {
 public:
  Scratch() : path_(fs::temp_directory_path() / ("iprobe_compare_" + std::to_string(getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  // DIR/name/summary.json holding `text`; returns DIR/name.
  [[nodiscard]] fs::path folder(const std::string& name, const std::string& text) const {
    fs::create_directories(path_ / name);
    std::ofstream(path_ / name / "summary.json") << text;
    return path_ / name;
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

nlohmann::ordered_json fixture_json(const std::string& folder) {
  return read_json_file(fs::path(folder) / "summary.json");
}

std::string error_of(const fs::path& dir) {
  try {
    load_compare_folder(dir);
  } catch (const CompareInputError& e) {
    return e.what();
  }
  return "";
}

TEST(CompareData, HermituxEntryRunIsOneUnsplitBarAtItsP50) {
  const CompareFolder f = load_compare_folder(kHermitux);
  ASSERT_EQ(f.series.size(), 1U);
  const CompareSeries& s = f.series[0];
  EXPECT_EQ(s.label(), "hermitux/entry hermitux/buffer");
  EXPECT_EQ(s.benchmark, "entry");
  EXPECT_EQ(s.statistic, kStatisticCalls);
  EXPECT_EQ(s.n, 1000U);
  EXPECT_EQ(s.entry, 306764.0);  // latency_cycles.p50 of the capture
  EXPECT_FALSE(s.split());
  EXPECT_FALSE(s.round_trip.has_value());
  EXPECT_EQ(s.height(), 306764.0);
  EXPECT_EQ(f.environment.cpu_model, "Intel(R) Xeon(R) Processor");
}

TEST(CompareData, RoundtripRunIsOneBarPerVariantAtTheMedianOfItsRuns) {
  const CompareFolder f = load_compare_folder(kLinuxRt);
  ASSERT_EQ(f.series.size(), 7U);
  EXPECT_EQ(f.series[2].label(), "linux/raw");
  EXPECT_EQ(f.series[2].round_trip, 302.13);
  EXPECT_EQ(f.series[2].n, 3U);
  EXPECT_EQ(f.series[2].statistic, kStatisticRuns);
  EXPECT_EQ(f.series[2].height(), 302.13);
  EXPECT_FALSE(f.series[2].entry.has_value());
}

TEST(CompareData, AFormat2RunIsSplitIntoEntryKernelAndExit) {
  const CompareFolder f = load_compare_folder(kQemuAnatomy);
  ASSERT_EQ(f.series.size(), 1U);
  const CompareSeries& s = f.series[0];
  EXPECT_TRUE(s.split());
  EXPECT_EQ(s.entry, 424.0);  // anatomy.entry.p50 of the run
  EXPECT_EQ(s.kernel, 302.0);
  EXPECT_EQ(s.exit, 312.0);
  EXPECT_EQ(s.round_trip, 1042.0);
  EXPECT_EQ(s.n, 1000U);
  EXPECT_EQ(s.height(), 1038.0);
  // Same machine and guest as the format-1 linux-qemu folders: accepted with them.
  const Comparison c =
      make_comparison({load_compare_folder(kQemuAnatomy), load_compare_folder(kQemuEntry),
                       load_compare_folder(kQemuRt)},
                      false);
  ASSERT_EQ(c.series.size(), 6U);
  EXPECT_EQ(c.series[2].label(), "linux-qemu/entry patch/buffer [qemu-anatomy]");
  std::ostringstream csv;
  write_compare_csv(csv, c);
  for (const char* part : {",entry,p50 of calls,424,1000,", ",kernel,p50 of calls,302,1000,",
                           ",exit,p50 of calls,312,1000,", ",round_trip,p50 of calls,1042,1000,"})
    EXPECT_NE(csv.str().find(std::string("[qemu-anatomy],") + kQemuAnatomy +
                             ",linux-qemu,entry,entry patch/buffer" + part),
              std::string::npos)
        << part;
}

TEST(CompareData, AnatomySplitsTheEntryBar) {
  // format-v2.md's anatomy block added to a real summary (until a real capture has one).
  nlohmann::ordered_json json = fixture_json(kQemuEntry);
  const auto part = [](int64_t p50, uint64_t n) {
    return nlohmann::ordered_json{{"n", n},     {"min", p50},     {"p50", p50},   {"mean", p50},
                                  {"p99", p50}, {"max", p50 + 1}, {"stddev", 0.5}};
  };
  json["anatomy"] = {{"entry", part(430, 990)},
                     {"kernel", part(900, 990)},
                     {"exit", part(500, 990)},
                     {"round_trip", part(1850, 990)}};
  const Scratch scratch;
  const CompareFolder f = load_compare_folder(scratch.folder("anatomy", json.dump()));
  const CompareSeries& s = f.series.at(0);
  EXPECT_TRUE(s.split());
  EXPECT_EQ(s.entry, 430.0);
  EXPECT_EQ(s.kernel, 900.0);
  EXPECT_EQ(s.exit, 500.0);
  EXPECT_EQ(s.round_trip, 1850.0);
  EXPECT_EQ(s.n, 990U);
  EXPECT_EQ(s.height(), 1830.0);  // the stacked medians, not the round trip's median
}

TEST(CompareData, BadFoldersAreOneLineNamingTheFolder) {
  const Scratch scratch;
  const fs::path missing = scratch.path() / "nothing";
  EXPECT_NE(error_of(missing).find(missing.string() + ": does not exist"), std::string::npos);
  fs::create_directories(scratch.path() / "empty");
  EXPECT_NE(error_of(scratch.path() / "empty").find("has no summary.json"), std::string::npos);
  EXPECT_NE(error_of(scratch.folder("broken", "{\"scenario\": ")).find("is not valid JSON"),
            std::string::npos);
  EXPECT_NE(error_of(scratch.folder("other", "{\"a\": 1}")).find("not a summary this collector"),
            std::string::npos);
  const std::string interrupted =
      "{\"incomplete\": true, \"error\": \"no report: the run was interrupted\"}";
  EXPECT_NE(error_of(scratch.folder("cut", interrupted)).find("is an incomplete run (no report"),
            std::string::npos);
  nlohmann::ordered_json marked = fixture_json(kQemuEntry);
  marked["extra"]["incomplete"] = "interrupted by SIGINT";
  EXPECT_NE(error_of(scratch.folder("marked", marked.dump())).find("(interrupted by SIGINT)"),
            std::string::npos);
  for (const std::string& error : {error_of(missing), error_of(scratch.path() / "empty")})
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
}

// The typed member: "incomplete": true refuses the folder with its reason, false accepts it.
TEST(CompareData, AnIncompleteRunIsRefusedAndACompleteOneAccepted) {
  const Scratch scratch;
  nlohmann::ordered_json json = fixture_json(kQemuEntry);
  json["incomplete"] = false;
  EXPECT_EQ(error_of(scratch.folder("complete", json.dump())), "");
  json["incomplete"] = true;
  json["incomplete_reason"] = "the loop was killed by signal 11 (SIGSEGV: Segmentation fault)";
  EXPECT_NE(error_of(scratch.folder("killed", json.dump()))
                .find("is an incomplete run (the loop was killed by signal 11"),
            std::string::npos);
}

TEST(CompareData, AnEntryRunWithoutPairsIsRefused) {
  nlohmann::ordered_json json = fixture_json(kQemuEntry);
  json["latency_cycles"]["n"] = 0;
  json["paired"] = 0;
  const Scratch scratch;
  EXPECT_NE(error_of(scratch.folder("none", json.dump())).find("has no paired call (0 of 1000"),
            std::string::npos);
}

TEST(CompareEnvironment, OneMachineIsAcceptedAndSortedSlowestFirst) {
  const Comparison c =
      make_comparison({load_compare_folder(kLinuxRt), load_compare_folder(kHermitux)}, false);
  EXPECT_TRUE(c.differences.empty());
  ASSERT_EQ(c.series.size(), 8U);
  EXPECT_EQ(c.series.front().label(), "hermitux/entry hermitux/buffer");
  EXPECT_EQ(c.series[1].label(), "linux/libc-musl");
  EXPECT_EQ(c.series.back().label(), "linux/fncall-same");
  // The two TCG folders agree too: their tsc_khz differ by 0.05% ("~2297653 (cpu MHz)").
  EXPECT_TRUE(
      make_comparison({load_compare_folder(kQemuEntry), load_compare_folder(kQemuRt)}, false)
          .differences.empty());
}

TEST(CompareEnvironment, TheSameSeriesFromTwoFoldersIsToldApartByFolderName) {
  const Scratch scratch;
  const fs::path copy = scratch.folder("again/", fixture_json(kQemuEntry).dump());
  const Comparison c =
      make_comparison({load_compare_folder(kQemuEntry), load_compare_folder(copy)}, false);
  ASSERT_EQ(c.series.size(), 2U);
  EXPECT_EQ(c.series[0].label(), "linux-qemu/entry patch/buffer [qemu-entry]");
  EXPECT_EQ(c.series[1].label(), "linux-qemu/entry patch/buffer [again]");
  EXPECT_EQ(make_comparison({load_compare_folder(kQemuEntry)}, false).series[0].label(),
            "linux-qemu/entry patch/buffer");
}

TEST(CompareEnvironment, TwoMachinesAreRefusedNamingFieldAndFolders) {
  std::string error;
  try {
    make_comparison({load_compare_folder(kLinuxRt), load_compare_folder(kQemuEntry)}, false);
  } catch (const CompareInputError& e) {
    error = e.what();
  }
  EXPECT_NE(error.find("cpu_model differs ('Intel(R) Xeon(R) Processor' in " + kLinuxRt +
                       "; 'QEMU TCG CPU version 2.5+' in " + kQemuEntry +
                       "): another CPU, another machine"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("also differ: cycles"), std::string::npos) << error;
  EXPECT_NE(error.find("add --mixed"), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos);
}

TEST(CompareEnvironment, MixedKeepsTheDifferences) {
  const Comparison c =
      make_comparison({load_compare_folder(kLinuxRt), load_compare_folder(kQemuEntry)}, true);
  std::vector<std::string> fields;
  for (const EnvironmentDifference& d : c.differences) fields.push_back(d.field);
  ASSERT_GE(fields.size(), 2U);
  EXPECT_EQ(fields[0], "cpu_model");
  EXPECT_EQ(fields[1], "cycles");
  EXPECT_EQ(c.series.size(), 8U);
  std::ostringstream table;
  print_compare_table(table, c);
  EXPECT_NE(table.str().find("MIXED (--mixed): cpu_model differs"), std::string::npos);
}

CompareFolder folder_with(const std::string& name, Environment e) {
  CompareFolder f;
  f.folder = name;
  f.environment = std::move(e);
  return f;
}

TEST(CompareEnvironment, TscRateWithinATenthOfAPercentAndUnlistedMitigations) {
  Environment a;
  a.tsc_khz = "~2299998 (cpu MHz)";
  a.mitigations = {{"spectre_v2", "Mitigation: Retpolines"}, {"vmscape", "Not affected"}};
  Environment b = a;
  b.tsc_khz = "2301000";
  b.mitigations = {{"spectre_v2", "Mitigation: Retpolines"}};  // an older kernel: no vmscape
  EXPECT_TRUE(
      environment_differences(std::vector{folder_with("a", a), folder_with("b", b)}).empty());
  b.tsc_khz = "2442506";
  b.mitigations = {{"spectre_v2", "Vulnerable"}};
  const auto d = environment_differences(std::vector{folder_with("a", a), folder_with("b", b)});
  ASSERT_EQ(d.size(), 2U);
  EXPECT_EQ(describe_difference(d[0]),
            "tsc_khz differs ('~2299998 (cpu MHz)' in a; '2442506' in b): another TSC rate: "
            "cycles of another length");
  EXPECT_EQ(d[1].field, "mitigations.spectre_v2");
}

TEST(CompareTable, CsvIsTidyWithStatisticAndEnvironment) {
  const Comparison c =
      make_comparison({load_compare_folder(kHermitux), load_compare_folder(kLinuxRt)}, false);
  std::ostringstream csv;
  write_compare_csv(csv, c);
  std::istringstream lines(csv.str());
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, kCompareCsvHeader);
  std::getline(lines, line);
  const std::string where =
      ",6.18.44-fc-v669,Intel(R) Xeon(R) Processor,~2299998 (cpu MHz),hardware,kvm,";
  EXPECT_EQ(line, "hermitux/entry hermitux/buffer," + kHermitux +
                      ",hermitux,entry,entry hermitux/buffer,entry,p50 of calls,306764,1000" +
                      where + "kvm (uhyve)");
  std::getline(lines, line);
  EXPECT_EQ(line, "linux/libc-musl," + kLinuxRt +
                      ",linux,roundtrip,libc-musl,round_trip,median of runs,314.864,3" + where);
  int rows = 2;
  while (std::getline(lines, line)) ++rows;
  EXPECT_EQ(rows, 8);
}

TEST(CompareTable, CsvHasOneRowPerPartOfASplitBar) {
  CompareFolder f;
  f.folder = "a,b";  // quoted in the CSV
  CompareSeries s{.folder = "a,b",
                  .scenario = "linux-qemu",
                  .benchmark = "entry",
                  .variant = "entry patch/buffer",
                  .statistic = kStatisticCalls,
                  .n = 10};
  s.entry = 1;
  s.kernel = 2;
  s.exit = 3;
  s.round_trip = 6.5;
  f.series.push_back(s);
  const Comparison c = make_comparison({f}, false);
  std::ostringstream csv;
  write_compare_csv(csv, c);
  const std::string prefix =
      "linux-qemu/entry patch/buffer,\"a,b\",linux-qemu,entry,entry patch/buffer,";
  const std::string env = ",10,,,,hardware,,\n";
  EXPECT_EQ(csv.str(), std::string(kCompareCsvHeader) + "\n" + prefix + "entry,p50 of calls,1" +
                           env + prefix + "kernel,p50 of calls,2" + env + prefix +
                           "exit,p50 of calls,3" + env + prefix + "round_trip,p50 of calls,6.5" +
                           env);
}

}  // namespace
}  // namespace iprobe
