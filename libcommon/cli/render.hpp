#pragma once
// One event model, two renderers (iproute2's habit): JSON Lines for programs, one aligned line of
// text for people. Neither can drift from the other because both print the same object.

#include <nlohmann/json.hpp>
#include <string>

namespace disco::cli {

// One line, no trailing newline.
std::string render_json(const nlohmann::ordered_json& event);
// "12:00:01.250 user_added          user=sip:alice@example.org display-text=Alice": the clock part
// of "time", "event" padded, then key=value for every other field; nested "fields" are flattened,
// other nested values printed as compact JSON; the "conference" key is left out (it never changes
// within one run). Values with spaces are quoted.
std::string render_text(const nlohmann::ordered_json& event);

}  // namespace disco::cli
