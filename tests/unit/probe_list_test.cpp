#include "app/probe_list.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace iprobe {
namespace {

TEST(ProbeList, FirstNamedIsPrimaryTheRestCrossCheck) {
  RunOptions o;
  parse_probe_list("patch,tracepoint", o);
  EXPECT_EQ(o.probe, Probe::kPatch);
  ASSERT_EQ(o.extra_probes.size(), 1u);
  EXPECT_EQ(o.extra_probes[0], Probe::kTracepoint);
  EXPECT_EQ(loop_probe(o.probe, o.extra_probes), Probe::kPatch);
  EXPECT_EQ(probe_list_name(o.probe, o.extra_probes), "patch,tracepoint");
}

TEST(ProbeList, TracepointFirstStillLetsTheModuleAnswerTheCall) {
  RunOptions o;
  parse_probe_list("tracepoint,module", o);
  EXPECT_EQ(o.probe, Probe::kTracepoint);
  EXPECT_EQ(loop_probe(o.probe, o.extra_probes), Probe::kModule);
  EXPECT_TRUE(uses_tracepoint(o.probe, o.extra_probes));
}

TEST(ProbeList, TracepointAloneIssuesItsOwnCommand) {
  RunOptions o;
  parse_probe_list("tracepoint", o);
  EXPECT_TRUE(o.extra_probes.empty());
  EXPECT_EQ(loop_probe(o.probe, o.extra_probes), Probe::kTracepoint);
}

TEST(ProbeList, RefusesWhatCannotStampOneCall) {
  RunOptions o;
  EXPECT_THROW(parse_probe_list("patch,module", o), std::invalid_argument);
  EXPECT_THROW(parse_probe_list("patch,tracepoint,module", o), std::invalid_argument);
  EXPECT_THROW(parse_probe_list("tracepoint,tracepoint", o), std::invalid_argument);
  EXPECT_THROW(parse_probe_list("patch,", o), std::invalid_argument);
  EXPECT_THROW(parse_probe_list(",patch", o), std::invalid_argument);
  EXPECT_THROW(parse_probe_list("", o), std::invalid_argument);
}

}  // namespace
}  // namespace iprobe
