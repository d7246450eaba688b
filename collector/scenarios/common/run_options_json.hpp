// The run options as one JSON record: how a measurement reaches the collector inside the
// project's QEMU guest (a file of its initramfs, scenarios/qemu/guest_layout.hpp), written by the
// host's runner and read back by app/guest_init. Every member of RunOptions, by its own name;
// the enums by their names in util/enums.hpp.
#pragma once

#include <nlohmann/json.hpp>

#include "scenarios/common/run_options.hpp"

namespace iprobe {

nlohmann::ordered_json run_options_json(const RunOptions& options);

// Throws std::runtime_error saying the record is damaged when a member is missing, of the wrong
// type or names a value this collector does not know.
RunOptions run_options_from_json(const nlohmann::ordered_json& json);

}  // namespace iprobe
