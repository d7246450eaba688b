// What is wrong with the bytes of a tagged line, when they are not plain printable ASCII: the
// diagnosis a rejected line gets before any field-level one (NUL from a serial line, binary
// garbage, a cut multi-byte character).
#pragma once

#include <optional>
#include <string_view>

#include "util/types.hpp"

namespace iprobe {

// NUL bytes, invalid UTF-8, or other control/non-ASCII characters in text (in that order of
// precedence); nullopt for printable ASCII.
std::optional<RejectReason> byte_problem(std::string_view text);

}  // namespace iprobe
