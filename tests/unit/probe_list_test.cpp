#include "app/probe_list.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "scenarios/common/run_options.hpp"

namespace iprobe {
namespace {

TEST(ProbeList, FirstNamedIsPrimaryTheRestCrossCheck) {
  const std::vector<Probe> probes = parse_probe_list("patch,tracepoint", ProbeChoice::kLinux);
  EXPECT_EQ(probes, (std::vector<Probe>{Probe::kPatch, Probe::kTracepoint}));
  EXPECT_EQ(loop_probe(probes), Probe::kPatch);
  EXPECT_EQ(probe_list_name(probes), "patch,tracepoint");
  EXPECT_EQ(probes_from_list_name("patch,tracepoint"), probes);
}

TEST(ProbeList, TracepointFirstStillLetsTheModuleAnswerTheCall) {
  const std::vector<Probe> probes = parse_probe_list("tracepoint,module", ProbeChoice::kLinux);
  EXPECT_EQ(probes.front(), Probe::kTracepoint);
  EXPECT_EQ(loop_probe(probes), Probe::kModule);
  EXPECT_TRUE(uses_tracepoint(probes));
}

TEST(ProbeList, TracepointAloneIssuesItsOwnCommand) {
  const std::vector<Probe> probes = parse_probe_list("tracepoint", ProbeChoice::kLinux);
  EXPECT_EQ(probes.size(), 1u);
  EXPECT_EQ(loop_probe(probes), Probe::kTracepoint);
}

TEST(ProbeList, RefusesWhatCannotStampOneCall) {
  for (const char* text :
       {"patch,module", "patch,tracepoint,module", "tracepoint,tracepoint", "patch,", ",patch", ""})
    EXPECT_THROW(parse_probe_list(text, ProbeChoice::kLinux), std::invalid_argument) << text;
}

TEST(ProbeList, TheHermituxPatchOnlyWhereAnyProbeIsRead) {
  EXPECT_THROW(parse_probe_list("hermitux", ProbeChoice::kLinux), std::invalid_argument);
  EXPECT_EQ(parse_probe_list("hermitux", ProbeChoice::kAny), std::vector<Probe>{Probe::kHermitux});
  try {
    parse_probe_list("kprobe", ProbeChoice::kLinux);
    FAIL() << "kprobe accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "--probe must be a list of patch, module, tracepoint (e.g. patch,tracepoint), got "
              "'kprobe'");
  }
  EXPECT_EQ(probe_choice_names(ProbeChoice::kAny), "patch, module, hermitux or tracepoint");
}

TEST(ProbeList, ListNamesReadBack) {
  EXPECT_EQ(probes_from_list_name(""), std::vector<Probe>{});
  EXPECT_FALSE(probes_from_list_name("patch,kprobe"));
  EXPECT_FALSE(probes_from_list_name("Patch"));
}

}  // namespace
}  // namespace iprobe
