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
  env.tsc_khz = "2995200";
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
  EXPECT_EQ(back.mitigations, env.mitigations);  // in their order
  EXPECT_EQ(back.hypervisor_signature, env.hypervisor_signature);
  EXPECT_EQ(back.accel, env.accel);
  EXPECT_EQ(back.cpu, env.cpu);
  EXPECT_EQ(back.smt, env.smt);
}

TEST(EnvironmentJson, UnknownAndOddTscFrequency) {
  Environment env;
  EXPECT_TRUE(nlohmann::ordered_json(env)["tsc_khz"].is_null());
  EXPECT_EQ(nlohmann::ordered_json(env).get<Environment>().tsc_khz, "");
  env.tsc_khz = "about 3 GHz";
  EXPECT_EQ(nlohmann::ordered_json(env).get<Environment>().tsc_khz, "about 3 GHz");
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
  write_json_file(guest / kRunRecordFile, "run record", capture.record_json());

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
  EXPECT_EQ(back.warnings, capture.warnings);
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
  capture.cpu = 1;
  capture.subtract_floor = true;
  capture.outlier_factor = 2.5;
  capture.programs = {{"raw", "/bin/roundtrip-loop-raw"}};
  capture.missing_programs = {"libc-musl"};
  capture.environment = sample_environment();
  write_json_file(raw / kRunRecordFile, "run record", capture.record_json());
  const RoundtripCapture back = RoundtripCapture::read_record(raw);
  EXPECT_EQ(back.iterations, 1000u);
  EXPECT_EQ(back.warmup, 10u);
  EXPECT_EQ(back.runs, 3u);
  EXPECT_TRUE(back.subtract_floor);
  EXPECT_EQ(back.outlier_factor, 2.5);
  EXPECT_EQ(back.programs, capture.programs);
  EXPECT_EQ(back.missing_programs, capture.missing_programs);
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
