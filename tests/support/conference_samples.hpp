#pragma once
// Random RFC 4575 conference states for property tests: every state a focus could hold (keys unique,
// lists non-empty, required elements present, so each serialises to a schema-valid document), and
// a successor that adds, removes, reorders and edits users, endpoints, media, lists, fields and
// extensions. Deterministic for a given std::mt19937 seed.

#include <random>

#include "libcommon/conference/conference_info.hpp"

namespace disco::test {

conference::ConferenceInfo random_conference(std::mt19937& rng);
conference::ConferenceInfo mutate_conference(const conference::ConferenceInfo& state, std::mt19937& rng);

}  // namespace disco::test
