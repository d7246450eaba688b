// Text formatting of numbers and table columns, shared by the tables, warnings, CSV files and
// plot scripts of the collector: one place for what printf formats used to be scattered.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace iprobe {

// value with `decimals` digits after the point, as printf's "%.*f": fixed(2.25) is "2.2".
std::string fixed(double value, int decimals = 1);

// At most `digits` significant digits without trailing zeros, as printf's "%.*g".
std::string general(double value, int digits = 10);

// The shortest text that reads back as the same double ("nan" if it cannot be written).
std::string shortest(double value);

enum class Align { kLeft, kRight };

// text filled with spaces up to width characters (after it for kLeft, before it for kRight);
// longer text is kept whole.
std::string pad(std::string_view text, std::size_t width, Align align = Align::kLeft);

// A CSV field (RFC 4180): text as is, or in double quotes (inner quotes doubled) when it holds a
// comma, a quote or a line break.
std::string csv_field(std::string_view text);

// A signal as the messages name it: "11 (SIGSEGV: Segmentation fault)".
std::string signal_text(int sig);

}  // namespace iprobe
