// The anatomy keys of summary.json (issue 12): "probes", "order_violations", "anatomy" (absent
// when no call has all four stamps) and "cross_check" (cross-check runs only). Written and read
// here; a summary.json from before issue 12, without them, reads as a run without anatomy.
#pragma once

#include <nlohmann/json.hpp>

#include "report/report_output.hpp"

namespace iprobe {

void write_anatomy_json(nlohmann::ordered_json& json, const Summary& summary);
void read_anatomy_json(const nlohmann::ordered_json& json, Summary& summary);

}  // namespace iprobe
