#pragma once
// The RFC 4575 s4.6 merge on the model, without version bookkeeping (CoherentState does that).

#include "libcommon/conference/conference_info.hpp"

namespace disco::conference {

// s4.4: children of a "full" element are "full", and a "deleted" child has nothing to say inside
// it (its information MUST be ignored), so it is dropped. Applied to every document that becomes
// local state, so local state holds no 'state' other than full.
void make_full(ConferenceInfo& doc);
void make_full(Users& users);
void make_full(User& user);
void make_full(Endpoint& endpoint);
void make_full(Uris& uris);
void make_full(SidebarsByVal& sidebars);

// s4.6 step 3 for one conference-type element (the root, or a sidebars-by-val entry): `update` is
// read as a "partial" element and applied to `local`, a full one.
//   - keyed rows (user, endpoint by entity; media by id; uri entries by uri; sidebar entries by
//     entity): an unknown key adds a row; a known one is replaced (state "full"), removed
//     ("deleted") or updated field by field ("partial", and media and uri entries, which have no
//     'state' attribute);
//   - elements with a 'state' (users, associated-aors, sidebars-by-ref, sidebars-by-val) are
//     replaced, removed or merged recursively;
//   - every other element present (conference-description, host-info, conference-state,
//     display-text, status, roles, call-info...) replaces the local one whole (step 3.2).
// Extensions, which have no key: elements from other namespaces replace the local ones when the
// update carries any; attributes from other namespaces are set one by one.
void apply_partial(ConferenceInfo& local, const ConferenceInfo& update);

}  // namespace disco::conference
