// raw/run.json and the environment's JSON form: what the guest hands the host must come back
// field for field.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "benchmarks/entry/entry_capture.hpp"
#include "benchmarks/roundtrip/roundtrip_capture.hpp"
#include "env/environment_json.hpp"
#include "results/json_file.hpp"

namespace fs = std::filesystem;
using namespace iprobe;

namespace {

Environment sample_environment() {
  Environment env;
  env.kernel = "6.1.0-ioprobe";
  env.cpu_model = "QEMU \"TCG\" CPU\nversion 2.5+";
  env.tsc_flags = {"constant_tsc", "nonstop_tsc"};
  env.tsc_khz = 2995200;
  env.tsc_khz_source = "kernel-log";
  env.mitigations = {{"spectre_v2", "Mitigation: Retpolines"}, {"mds", "Not affected"}};
  env.hypervisor = "tcg";
  env.hypervisor_signature = "TCGTCGTCGTCG";
  env.accel = "tcg";
  env.cpu = 1;
  env.smt = "notsupported";
  env.governor = "";
  return env;
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("iprobe-run-record-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST(EnvironmentJson, RoundTripKeepsEveryField) {
  const Environment env = sample_environment();
  const nlohmann::ordered_json json = env;
  EXPECT_EQ(json["tsc_khz"], 2995200);  // a number when it is one
  const Environment back = json.get<Environment>();
  EXPECT_EQ(back.kernel, env.kernel);
  EXPECT_EQ(back.cpu_model, env.cpu_model);
  EXPECT_EQ(back.tsc_flags, env.tsc_flags);
  EXPECT_EQ(back.tsc_khz, env.tsc_khz);
  EXPECT_EQ(json["tsc_khz_source"], "kernel-log");
  EXPECT_EQ(back.tsc_khz_source, env.tsc_khz_source);
  EXPECT_EQ(back.mitigations, env.mitigations);  // in their order
  EXPECT_EQ(back.hypervisor_signature, env.hypervisor_signature);
  EXPECT_EQ(back.accel, env.accel);
  EXPECT_EQ(back.cpu, env.cpu);
  EXPECT_EQ(back.smt, env.smt);
}

// What is not known is null, whatever the machine: never "" or a string for a number.
TEST(EnvironmentJson, UnknownsAreNull) {
  Environment env;
  env.tsc_khz_source = "measured";  // no rate: no source either
  const nlohmann::ordered_json json = env;
  for (const char* member : {"tsc_khz", "tsc_khz_source", "accel", "smt", "governor"})
    EXPECT_TRUE(json[member].is_null()) << member << " = " << json[member];
  const Environment back = json.get<Environment>();
  EXPECT_EQ(back.tsc_khz, 0U);
  EXPECT_EQ(back.tsc_khz_source, "");
  EXPECT_EQ(back.accel, "");
  EXPECT_EQ(back.governor, "");
}

// Summaries of earlier versions: tsc_khz as text, the core clock as "~N (cpu MHz)" (no TSC
// rate: unknown), "" where unknown.
TEST(EnvironmentJson, EarlierTscRateForms) {
  using Json = nlohmann::ordered_json;
  EXPECT_EQ(Json({{"tsc_khz", "2300000"}}).get<Environment>().tsc_khz, 2300000U);
  EXPECT_EQ(Json({{"tsc_khz", 2300000}}).get<Environment>().tsc_khz, 2300000U);
  const Environment core =
      Json({{"tsc_khz", "~2596144 (cpu MHz)"}, {"governor", ""}}).get<Environment>();
  EXPECT_EQ(core.tsc_khz, 0U);
  EXPECT_EQ(core.governor, "");
  EXPECT_EQ(Json({{"tsc_khz", "about 3 GHz"}}).get<Environment>().tsc_khz, 0U);
  EXPECT_EQ(Json({{"tsc_khz", nullptr}}).get<Environment>().tsc_khz, 0U);
}

TEST(JsonFile, InvalidUtf8BecomesReplacementCharacter) {
  std::ostringstream out;
  write_json(out, nlohmann::ordered_json{{"text", std::string("a\xff"
                                                              "b")}});
  EXPECT_EQ(out.str(),
            "{\n  \"text\": \"a\xEF\xBF\xBD"
            "b\"\n}\n");
}

TEST(RunRecord, EntryCaptureComesBackWithLogsInTheNewFolder) {
  const fs::path guest = fresh_dir("guest");
  EntryCapture capture;
  capture.scenario = "linux";
  capture.probes = {Probe::kPatch, Probe::kTracepoint};
  capture.mode = Mode::kBuffer;
  capture.loop = "entry-loop";
  capture.run_id = 0xc0de;
  capture.user_logs = {guest / "user.log"};
  capture.kernel_logs = {guest / "kernel-dump.log"};
  capture.kmsg_epipe = 2;
  capture.kmsg_seq_gap = 7;
  capture.wall_seconds = 1.25;
  capture.warnings = {"the loop exited with status 1: oops"};
  capture.extra = {{"note", "x"}};
  capture.environment = sample_environment();
  capture.kernel_format = LogFormat::kDump;
  capture.loop_path = "/build/bin/ioctl-loop";
  capture.provenance = collect_provenance(capture.loop_programs());
  const nlohmann::ordered_json record = capture.record_json();
  // The record lists the run's warnings as the summary does: its own, then the environment's
  // caveats (a TCG guest here).
  const auto listed = record["warnings"].get<std::vector<std::string>>();
  ASSERT_GE(listed.size(), 2U);
  EXPECT_EQ(listed, capture.run_warnings());
  EXPECT_EQ(listed.front(), capture.warnings.front());
  EXPECT_NE(listed.back().find("TCG"), std::string::npos) << listed.back();
  EXPECT_EQ(record["provenance"]["loops"][0]["program"], "ioctl-loop");
  EXPECT_TRUE(record["provenance"]["loops"][0]["sha256"].is_null());  // no such file here
  write_json_file(guest / kRunRecordFile, "run record", record);

  const fs::path host = fresh_dir("host");
  fs::copy_file(guest / kRunRecordFile, host / kRunRecordFile);
  const EntryCapture back = EntryCapture::read_record(host);
  EXPECT_EQ(back.scenario, "linux");
  EXPECT_EQ(back.probes, capture.probes);
  EXPECT_EQ(back.mode, Mode::kBuffer);
  EXPECT_EQ(back.kernel_format, LogFormat::kDump);
  EXPECT_EQ(back.loop, "entry-loop");
  EXPECT_EQ(back.run_id, 0xc0deu);
  EXPECT_EQ(back.user_logs, std::vector<fs::path>{host / "user.log"});
  EXPECT_EQ(back.kernel_logs, std::vector<fs::path>{host / "kernel-dump.log"});
  EXPECT_EQ(back.kmsg_epipe, 2u);
  EXPECT_EQ(back.kmsg_seq_gap, 7u);
  EXPECT_EQ(back.wall_seconds, 1.25);
  EXPECT_EQ(back.warnings, capture.warnings);  // the caveats come back from the environment
  EXPECT_EQ(back.run_warnings(), listed);
  EXPECT_EQ(back.extra, capture.extra);
  EXPECT_EQ(back.environment.cpu_model, capture.environment.cpu_model);
}

TEST(RunRecord, RoundtripCaptureRoundTrips) {
  const fs::path raw = fresh_dir("roundtrip");
  RoundtripCapture capture;
  capture.scenario = "linux";
  capture.iterations = 1000;
  capture.warmup = 10;
  capture.runs = 3;
  capture.subtract_floor = true;
  capture.outlier_factor = 2.5;
  capture.programs = {{"raw", "/bin/roundtrip-loop-raw"}};
  capture.missing_programs = {"libc-musl"};
  capture.environment = sample_environment();
  capture.call = {"/dev/null", 0xb850, "IOPROBE_NULL_CMD"};
  capture.patch_hook_mode = "buffer";
  write_json_file(raw / kRunRecordFile, "run record", capture.record_json());
  const RoundtripCapture back = RoundtripCapture::read_record(raw);
  EXPECT_EQ(back.iterations, 1000u);
  EXPECT_EQ(back.warmup, 10u);
  EXPECT_EQ(back.runs, 3u);
  EXPECT_TRUE(back.subtract_floor);
  EXPECT_EQ(back.outlier_factor, 2.5);
  EXPECT_EQ(back.programs, capture.programs);
  EXPECT_EQ(back.missing_programs, capture.missing_programs);
  EXPECT_EQ(back.call.device, "/dev/null");
  EXPECT_EQ(back.call.cmd, 0xb850U);
  EXPECT_EQ(back.call.cmd_name, "IOPROBE_NULL_CMD");
  EXPECT_EQ(back.patch_hook_mode, "buffer");
  EXPECT_EQ(back.environment.cpu, 1);
  EXPECT_FALSE(back.wall_seconds.has_value());
  // An entry record is not a round-trip record, and the other way round.
  EXPECT_THROW(EntryCapture::read_record(raw), std::runtime_error);
}

TEST(RunRecord, MissingOrDamagedRecordNamesTheFile) {
  const fs::path raw = fresh_dir("damaged");
  try {
    EntryCapture::read_record(raw);
    FAIL() << "no error for a missing run.json";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("run.json"), std::string::npos) << e.what();
  }
  std::ofstream(raw / kRunRecordFile) << "{\"benchmark\": \"entry\", \"scenario\": 3}";
  try {
    EntryCapture::read_record(raw);
    FAIL() << "no error for a damaged run.json";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
  }
  std::ofstream(raw / kRunRecordFile) << "not json";
  EXPECT_THROW(EntryCapture::read_record(raw), std::runtime_error);
}
