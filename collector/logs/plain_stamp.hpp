// The fast path of the stamp-line parser (stamp_line.hpp): the two stamp records, nearly every
// line of a log, read in one pass when they are written exactly as the loop and the probes print
// them:
//   k <source> <8 hex digits> <seq> <cpu> <k_enter> [<k_exit>]
//   u <8 hex digits> <seq> <cpu> <u_before> [<u_after>]
// with single spaces, and numbers short enough that they cannot overflow (seq and cpu up to 9
// digits, stamps up to 19). Anything else, odd spacing included, is left to the general parser,
// which also names what is wrong. So the fast path accepts a subset of what the general parser
// accepts, with the same values: it changes the speed, never the verdict (the fuzzer
// fuzz_parse_line checks this on every input it makes).
#pragma once

#include <string_view>

#include "logs/stamp_line.hpp"
#include "util/types.hpp"

namespace iprobe {

// The text after the tag (as find_tagged_text returns it). True with the stamp read into stamp
// when the text is a plain stamp of that kind as above; false for any other text (stamp may then
// hold some of its fields).
bool read_plain_kernel_stamp(std::string_view text, KernelStamp& stamp);
bool read_plain_user_stamp(std::string_view text, UserStamp& stamp);

// Whether two parses of one text give the same record, field by field (a Malformed by its kind
// and reason): how the tests and the fuzzer check the fast path against parse_tagged_fields.
bool same_record(const ParsedLine& a, const ParsedLine& b);

}  // namespace iprobe
