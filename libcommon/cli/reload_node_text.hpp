#pragma once
// The text renderings of reload-node's output (DESIGN.md "Tools": one model, two renderers). Each
// function takes the very object the JSON output prints (a node's `ok` answer, or init's summary)
// and returns lines, each ending in '\n': aligned "key: value" lines for the scalars, then a table
// where the answer holds rows (fingers, neighbours, values, find results, stored resources). Keys
// a renderer does not know are still printed, after the known ones, so a newer node's answer is
// never hidden. man/reload-node.1 (OUTPUT) describes the result.

#include <nlohmann/json.hpp>
#include <string>

#include "libcommon/control/protocol.hpp"

namespace disco::cli::reload_node {

using nlohmann::ordered_json;

std::string status_text(const ordered_json& answer);
std::string fingers_text(const ordered_json& answer);
std::string successors_text(const ordered_json& answer);
std::string ping_text(const ordered_json& answer);  // also route
std::string store_text(const ordered_json& answer);
std::string fetch_text(const ordered_json& answer);  // also stat
std::string find_text(const ordered_json& answer);
std::string stored_text(const ordered_json& answer);
std::string leave_text(const ordered_json& answer);
std::string init_text(const ordered_json& summary);

// The renderer of `op`'s answer.
std::string answer_text(control::Op op, const ordered_json& answer);

}  // namespace disco::cli::reload_node
