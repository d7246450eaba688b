#include "logs/kmsg_record.hpp"

#include <gtest/gtest.h>

#include <optional>

namespace iprobe {
namespace {

TEST(KmsgRecord, ParsesHeader) {
  const auto record = parse_kmsg_record("6,1234,5678,-;ioprobe k patch 00000001 0 1 2");
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->seq, 1234u);
  EXPECT_EQ(record->message, "ioprobe k patch 00000001 0 1 2");
}

TEST(KmsgRecord, ExtraFieldsAndFlags) {
  const auto record = parse_kmsg_record("12,18446744073709551615,1,c,caller=T12;msg;with;semis");
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->seq, 18446744073709551615u);
  EXPECT_EQ(record->message, "msg;with;semis");
  const auto empty = parse_kmsg_record("4,7,0,+;");
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->seq, 7u);
  EXPECT_EQ(empty->message, "");
}

TEST(KmsgRecord, RejectsNonRecords) {
  EXPECT_FALSE(parse_kmsg_record("").has_value());
  EXPECT_FALSE(parse_kmsg_record("[   12.345678] ioprobe u 00000001 1 2 3").has_value());
  EXPECT_FALSE(parse_kmsg_record("6,1234,5678;no flags").has_value());
  EXPECT_FALSE(parse_kmsg_record("6,1234,5678,;empty flags").has_value());
  EXPECT_FALSE(parse_kmsg_record("6,x,5678,-;bad seq").has_value());
  EXPECT_FALSE(parse_kmsg_record("6,,5678,-;empty seq").has_value());
  EXPECT_FALSE(parse_kmsg_record("6,-1,5678,-;negative").has_value());
  EXPECT_FALSE(parse_kmsg_record("6,18446744073709551616,1,-;overflow").has_value());
  EXPECT_FALSE(parse_kmsg_record(" SUBSYSTEM=acpi").has_value());
  EXPECT_FALSE(parse_kmsg_record("a b,1,2,-;x").has_value());
}

TEST(KmsgRecord, Continuation) {
  EXPECT_TRUE(is_kmsg_continuation(" SUBSYSTEM=pci"));
  EXPECT_TRUE(is_kmsg_continuation(" DEVICE=+pci:0000:00:1f.3"));
  EXPECT_FALSE(is_kmsg_continuation("6,1,2,-;x"));
  EXPECT_FALSE(is_kmsg_continuation(""));
}

TEST(KmsgSeqAudit, CountsGapsExactly) {
  KmsgSeqAudit audit;
  audit.observe(100);  // records before the first are unknowable: no loss counted
  audit.observe(101);
  audit.observe(105);  // 102, 103, 104 lost
  audit.observe(106);
  audit.observe(1106);  // 999 lost
  EXPECT_EQ(audit.records(), 5u);
  EXPECT_EQ(audit.lost(), 1002u);
  EXPECT_EQ(audit.restarts(), 0u);
}

TEST(KmsgSeqAudit, BackwardsIsARestartNotALoss) {
  KmsgSeqAudit audit;
  audit.observe(10);
  audit.observe(11);
  audit.observe(3);  // second capture concatenated
  audit.observe(4);
  audit.observe(4);  // repeated record
  audit.observe(7);  // 5, 6 lost
  EXPECT_EQ(audit.lost(), 2u);
  EXPECT_EQ(audit.restarts(), 2u);
  EXPECT_EQ(audit.records(), 6u);
}

TEST(KmsgSeqAudit, LossBeforeTheFirstRecordCountsFromTheStart) {
  KmsgSeqAudit audit;
  audit.start_after(41);  // the last record read before the capture began
  audit.observe(50);      // 42..49 overwritten before the first record was read
  audit.observe(51);
  EXPECT_EQ(audit.records(), 2u);
  EXPECT_EQ(audit.lost(), 8u);
  EXPECT_EQ(audit.restarts(), 0u);
}

TEST(KmsgSeqAudit, Empty) {
  KmsgSeqAudit audit;
  EXPECT_EQ(audit.records(), 0u);
  EXPECT_EQ(audit.lost(), 0u);
}

}  // namespace
}  // namespace iprobe
