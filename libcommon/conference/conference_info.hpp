#pragma once
// The RFC 4575 conference-info document (s5, schema s6) as plain values. One struct per schema
// complex type, named after it; members in schema order. An absent optional element is
// std::nullopt, so a partial notification (s4.4) says exactly which elements it carries.
//
// Keyed elements (s4.5) are kept in document order in std::vectors; their keys must be unique among
// siblings (parse() enforces it). operator== compares in order; canonical() sorts keyed rows so that
// two states holding the same s4.6 "tables" compare equal whatever the row order.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libcommon/conference/enums.hpp"
#include "libcommon/conference/extensions.hpp"

namespace disco::conference {

// The namespace of s4.2.
inline constexpr const char* conference_info_namespace = "urn:ietf:params:xml:ns:conference-info";

// execution-type (s5.7.2 referred, s5.7.5 joining-info, s5.7.7 disconnection-info, uri modified).
// The schema gives it no <xs:any>, so only attributes extend it.
struct Execution {
  std::optional<std::string> when;  // xs:dateTime, kept as written
  std::optional<std::string> reason;
  std::optional<std::string> by;  // xs:anyURI
  Extensions ext;

  bool operator==(const Execution&) const = default;
};

// uri-type: one row of a uris-type list, keyed by <uri>.
struct UriEntry {
  std::string uri;
  std::optional<std::string> display_text;
  std::optional<std::string> purpose;  // s9.5 registry values: participation, streaming, web-page...
  std::optional<Execution> modified;
  Extensions ext;

  bool operator==(const UriEntry&) const = default;
};

// uris-type: conf-uris, service-uris, host-info uris, associated-aors, sidebars-by-ref.
// The schema requires at least one entry; an empty list does not validate.
struct Uris {
  ElementState state = ElementState::full;
  std::vector<UriEntry> entries;
  Extensions ext;  // attributes only

  bool operator==(const Uris&) const = default;
};

// conference-medium-type: an <available-media> entry (s5.3.4).
struct ConferenceMedium {
  std::string label;  // required attribute
  std::optional<std::string> display_text;
  std::string type;  // required element
  std::optional<MediaStatus> status;
  Extensions ext;

  bool operator==(const ConferenceMedium&) const = default;
};

// conference-media-type: <available-media>. The schema requires at least one entry.
struct ConferenceMedia {
  std::vector<ConferenceMedium> entries;
  Extensions ext;  // attributes only

  bool operator==(const ConferenceMedia&) const = default;
};

// conference-description-type (s5.3).
struct ConferenceDescription {
  std::optional<std::string> display_text;
  std::optional<std::string> subject;
  std::optional<std::string> free_text;
  std::optional<std::vector<std::string>> keywords;  // xs:list: whitespace-separated tokens
  std::optional<Uris> conf_uris;
  std::optional<Uris> service_uris;
  std::optional<std::uint32_t> maximum_user_count;
  std::optional<ConferenceMedia> available_media;
  Extensions ext;

  bool operator==(const ConferenceDescription&) const = default;
};

// host-type (s5.4).
struct HostInfo {
  std::optional<std::string> display_text;
  std::optional<std::string> web_page;  // xs:anyURI
  std::optional<Uris> uris;
  Extensions ext;

  bool operator==(const HostInfo&) const = default;
};

// conference-state-type (s5.5).
struct ConferenceState {
  std::optional<std::uint32_t> user_count;
  std::optional<bool> active;
  std::optional<bool> locked;
  Extensions ext;

  bool operator==(const ConferenceState&) const = default;
};

// media-type (s5.8), keyed by 'id' (s4.5). It has no 'state' attribute: inside a partial endpoint
// a known id is updated field by field (s4.6 step 3.1.2), an unknown one is added.
struct Media {
  std::string id;  // required attribute
  std::optional<std::string> display_text;
  std::optional<std::string> type;
  std::optional<std::string> label;
  std::optional<std::string> src_id;
  std::optional<MediaStatus> status;
  Extensions ext;

  bool operator==(const Media&) const = default;
};

// sip-dialog-id-type (s5.7.9).
struct SipDialogId {
  std::optional<std::string> display_text;
  std::string call_id;
  std::string from_tag;
  std::string to_tag;
  Extensions ext;

  bool operator==(const SipDialogId&) const = default;
};

// call-type: a choice of <sip> or other-namespace elements (kept in ext.elements).
struct CallInfo {
  std::optional<SipDialogId> sip;
  Extensions ext;

  bool operator==(const CallInfo&) const = default;
};

// user-roles-type (s5.6.3): free-form strings. The schema requires at least one entry.
struct UserRoles {
  std::vector<std::string> entries;
  Extensions ext;  // attributes only

  bool operator==(const UserRoles&) const = default;
};

// endpoint-type (s5.7), keyed by 'entity' (s4.5; unique within its user).
struct Endpoint {
  std::string entity;  // empty when the attribute is absent
  ElementState state = ElementState::full;
  std::optional<std::string> display_text;
  std::optional<Execution> referred;
  std::optional<EndpointStatus> status;
  std::optional<JoiningMethod> joining_method;
  std::optional<Execution> joining_info;
  std::optional<DisconnectionMethod> disconnection_method;
  std::optional<Execution> disconnection_info;
  std::vector<Media> media;
  std::optional<CallInfo> call_info;
  Extensions ext;

  bool operator==(const Endpoint&) const = default;
};

// user-type (s5.6), keyed by 'entity' (s4.5; unique in the conference, s5.6).
struct User {
  std::string entity;  // empty when the attribute is absent
  ElementState state = ElementState::full;
  std::optional<std::string> display_text;
  std::optional<Uris> associated_aors;
  std::optional<UserRoles> roles;
  std::optional<std::vector<std::string>> languages;  // xs:list of xs:language
  std::optional<std::string> cascaded_focus;          // xs:anyURI
  std::vector<Endpoint> endpoints;
  Extensions ext;

  bool operator==(const User&) const = default;
};

// users-type (s5.6).
struct Users {
  ElementState state = ElementState::full;
  std::vector<User> users;
  Extensions ext;

  bool operator==(const Users&) const = default;
};

struct ConferenceInfo;

// sidebars-by-val-type (s5.9.2): whole conference-type documents keyed by 'entity' (s4.5).
struct SidebarsByVal {
  ElementState state = ElementState::full;
  std::vector<ConferenceInfo> entries;
  Extensions ext;  // attributes only

  bool operator==(const SidebarsByVal&) const;
};

// conference-type: the root <conference-info> (s5.2) and each sidebars-by-val entry.
struct ConferenceInfo {
  std::string entity;  // required: the conference URI
  ElementState state = ElementState::full;
  // s4.3: MUST be present on the root; the only version that means anything. Sidebar entries
  // usually have none.
  std::optional<std::uint32_t> version;
  std::optional<ConferenceDescription> description;
  std::optional<HostInfo> host_info;
  std::optional<ConferenceState> conference_state;
  std::optional<Users> users;
  std::optional<Uris> sidebars_by_ref;
  std::optional<SidebarsByVal> sidebars_by_val;
  Extensions ext;

  bool operator==(const ConferenceInfo&) const = default;
};

inline bool SidebarsByVal::operator==(const SidebarsByVal& o) const {
  return state == o.state && entries == o.entries && ext == o.ext;
}

// Keyed rows (users, endpoints, media, uri entries, sidebar entries) sorted by key, recursively, so
// that `canonical(a) == canonical(b)` compares s4.6 tables rather than document order.
ConferenceInfo canonical(ConferenceInfo doc);

}  // namespace disco::conference
