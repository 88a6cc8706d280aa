#pragma once
// What a notification changed, as typed events a watcher can print one per line (JSON or text):
// the kind, the keys of the row (RFC 4575 s4.5), and field -> new value pairs.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/conference/conference_info.hpp"

namespace disco::conference {

enum class ChangeKind {
  conference_changed,  // the root's entity or its extensions
  conference_description_changed,
  host_info_changed,
  conference_state_changed,
  user_added,
  user_changed,
  user_removed,
  endpoint_added,
  endpoint_changed,
  endpoint_removed,
  media_added,
  media_changed,
  media_removed,
  sidebars_changed,  // sidebars-by-ref or sidebars-by-val
  conference_ended,  // root state="deleted" (s4.6)
};

// snake_case, as the JSON "kind" value: "user_added".
std::string_view to_string(ChangeKind kind);

struct FieldChange {
  // The schema's element name; nested values joined with '.', keyed rows in brackets:
  // "status", "joining-info.when", "call-info.sip.call-id", "associated-aors[mailto:bob@example.com].display-text",
  // "available-media[34567].type". A sidebar by value is one row of paths such as
  // "sidebars-by-val[E].users[U].endpoint[P].status". Other-namespace content: "extensions" (the
  // elements' XML) and "@{namespace}name" (an attribute), after the path of their element.
  std::string name;
  std::optional<std::string> value;  // the new value; nullopt when the field went away

  bool operator==(const FieldChange&) const = default;
};

struct Change {
  ChangeKind kind = ChangeKind::conference_changed;
  std::string user;      // user entity, for user_*, endpoint_* and media_*
  std::string endpoint;  // endpoint entity, for endpoint_* and media_*
  std::string media;     // media id, for media_*
  // *_added: every field the row has; *_changed: only those that differ; *_removed and
  // conference_ended: none. Lists (keywords, languages) are space-separated, roles comma-separated.
  std::vector<FieldChange> fields;

  bool operator==(const Change&) const = default;
};

// Every difference between two full states. Order: conference, description, host-info, state,
// then users in `after`'s order (a user's endpoints follow it, an endpoint's media follow that),
// removals after the additions and changes of the same level, then sidebars. A user (endpoint)
// added brings endpoint_added (media_added) for what it holds; a removed one reports only itself.
std::vector<Change> diff_states(const ConferenceInfo& before, const ConferenceInfo& after);

}  // namespace disco::conference
