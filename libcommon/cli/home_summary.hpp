#pragma once
// What `reload-node init` prints: the overlay home it made, as one object for both renderers.

#include <nlohmann/json.hpp>

#include "libcommon/overlay/home/overlay_home.hpp"

namespace disco::cli {

// {"dir","overlay","config","ca","nodes":[{"index","node_id","user","listen","bootstrap"}, ...]}:
// paths as given, Node-IDs in lowercase hex, listen as ADDRESS:PORT ([ADDRESS]:PORT for IPv6).
nlohmann::ordered_json home_summary_json(const overlay::HomeSummary& summary);

}  // namespace disco::cli
