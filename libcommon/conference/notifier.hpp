#pragma once
// The focus's side of RFC 4575 s3.2/s4.6: documents that carry a conference from one full state to
// the next. Pure functions over the model; the focus keeps its own state and version.

#include <cstdint>

#include "libcommon/conference/conference_info.hpp"

namespace disco::conference {

// The NOTIFY answering a SUBSCRIBE (s3.2): `state` whole, state="full", the given version.
ConferenceInfo full_notification(const ConferenceInfo& state, std::uint32_t version);

// A state="partial" document, version previous.version + 1 (0 + 1 when previous has none), that a
// subscriber holding `previous` merges by s4.6 into exactly `next` (with that version; keyed rows
// compare as tables: canonical()). It carries only what changed: removed users, endpoints and
// sidebar entries as state="deleted", new ones whole, changed ones as state="partial" with their
// changed fields.
//
// s4.6 cannot clear an atomic element or remove a media row or a uri entry inside a partial
// element, so such a change sends the smallest enclosing element that has a 'state' attribute
// whole (state="full"): the endpoint, the uri list, the user. Where only the root encloses the
// change (conference-description, host-info or conference-state removed, sidebars-by-ref
// removed, the root's extensions removed), the result is full_notification(next, version).
ConferenceInfo partial_notification(const ConferenceInfo& previous, const ConferenceInfo& next);

}  // namespace disco::conference
