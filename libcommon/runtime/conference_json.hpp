#pragma once
// JSON views of RFC 4575 state for tools: the fields of a Change, and a summary of a conference
// (state, users, endpoints, media) with snake_case keys.

#include <nlohmann/json.hpp>

#include "libcommon/conference/change.hpp"
#include "libcommon/conference/conference_info.hpp"

namespace disco::runtime {

// Adds "user", "endpoint", "media" (when set) and "fields" {name: value or null} to `event`.
void add_change(nlohmann::ordered_json& event, const conference::Change& change);

// {"user_count", "active", "locked", "users": [{"entity", "display_text", "endpoints": [{"entity",
// "status", "joining_method", "media": [{"id", "type", "status"}]}]}]}; absent values are left out.
nlohmann::ordered_json to_json(const conference::ConferenceInfo& info);

}  // namespace disco::runtime
