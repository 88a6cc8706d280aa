#include "libcommon/conference/notifier.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "libcommon/conference/merge.hpp"

namespace disco::conference {

namespace {

// Each diff_* fills `out` with what takes `before` to `after` under apply_partial and returns
// false when apply_partial cannot express it (the caller then sends the enclosing element whole).

template <class T>
bool diff_atomic(const std::optional<T>& before, const std::optional<T>& after, std::optional<T>& out) {
  if (before == after) return true;
  if (!after) return false;  // an absent element means "unchanged" in a partial element
  out = after;
  return true;
}

bool same_attribute(const ExtensionAttribute& a, const ExtensionAttribute& b) {
  return a.ns == b.ns && a.name == b.name;
}

bool diff_ext(const Extensions& before, const Extensions& after, Extensions& out) {
  if (before.elements != after.elements) {
    if (after.elements.empty()) return false;
    out.elements = after.elements;
  }
  for (const auto& b : before.attributes) {
    auto same = [&](const ExtensionAttribute& a) { return same_attribute(a, b); };
    if (std::none_of(after.attributes.begin(), after.attributes.end(), same)) return false;
  }
  for (const auto& a : after.attributes) {
    if (std::find(before.attributes.begin(), before.attributes.end(), a) == before.attributes.end()) {
      out.attributes.push_back(a);
    }
  }
  return true;
}

// True when merging `after` field by field into `before` leaves something of `before` behind.
bool leaves_residue(const Extensions& before, const Extensions& after) {
  Extensions scratch;
  return !diff_ext(before, after, scratch);
}
template <class T>
bool cleared(const std::optional<T>& before, const std::optional<T>& after) {
  return before && !after;
}
bool leaves_residue(const UriEntry& before, const UriEntry& after) {
  return cleared(before.display_text, after.display_text) || cleared(before.purpose, after.purpose) ||
         cleared(before.modified, after.modified) || leaves_residue(before.ext, after.ext);
}
bool leaves_residue(const Media& before, const Media& after) {
  return cleared(before.display_text, after.display_text) || cleared(before.type, after.type) ||
         cleared(before.label, after.label) || cleared(before.src_id, after.src_id) ||
         cleared(before.status, after.status) || leaves_residue(before.ext, after.ext);
}

template <class T, class Key>
std::unordered_map<std::string_view, const T*> index_by(const std::vector<T>& rows, Key key) {
  std::unordered_map<std::string_view, const T*> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.emplace(key(r), &r);
  return out;
}

// Rows without a 'state' (media, uri entries): new or changed rows are sent whole and merged field
// by field; a removed row or a cleared field cannot be expressed.
template <class T, class Key>
bool diff_plain_rows(const std::vector<T>& before, const std::vector<T>& after, Key key, std::vector<T>& out) {
  auto old = index_by(before, key);
  auto now = index_by(after, key);
  for (const auto& b : before) {
    if (!now.contains(key(b))) return false;
  }
  for (const auto& a : after) {
    auto it = old.find(key(a));
    if (it != old.end() && *it->second == a) continue;
    if (it != old.end() && leaves_residue(*it->second, a)) return false;
    out.push_back(a);
  }
  return true;
}

// Rows with a 'state' (users, endpoints, sidebar entries): removed ones as state="deleted", new
// ones whole, changed ones as the partial row `diff_row` gives or, failing that, whole.
template <class T, class Key, class DiffRow>
void diff_state_rows(const std::vector<T>& before, const std::vector<T>& after, Key key, DiffRow diff_row,
                     std::vector<T>& out) {
  auto old = index_by(before, key);
  auto now = index_by(after, key);
  for (const auto& b : before) {
    if (now.contains(key(b))) continue;
    T gone;
    gone.entity = b.entity;
    gone.state = ElementState::deleted;
    out.push_back(std::move(gone));
  }
  for (const auto& a : after) {
    auto it = old.find(key(a));
    if (it == old.end()) {
      out.push_back(a);
      make_full(out.back());
    } else if (*it->second != a) {
      auto partial = diff_row(*it->second, a);
      if (partial) {
        out.push_back(std::move(*partial));
      } else {
        out.push_back(a);
        make_full(out.back());
      }
    }
  }
}

enum class Step { same, send, impossible };

// uris-type element. A deleted uris-type element still needs an <entry> to validate (s6), so
// removal is left to the enclosing element.
Step diff_uris(const std::optional<Uris>& before, const std::optional<Uris>& after, std::optional<Uris>& out) {
  if (before == after) return Step::same;
  if (!after) return Step::impossible;
  Uris whole = *after;
  whole.state = ElementState::full;
  if (!before) {
    out = std::move(whole);
    return Step::send;
  }
  Uris partial;
  partial.state = ElementState::partial;
  const bool ok = diff_ext(before->ext, after->ext, partial.ext) &&
                  diff_plain_rows(
                      before->entries, after->entries, [](const UriEntry& e) -> std::string_view { return e.uri; },
                      partial.entries);
  // An empty <entry> list does not validate either; then the whole list is as cheap.
  out = ok && !partial.entries.empty() ? std::move(partial) : std::move(whole);
  return Step::send;
}

std::optional<Endpoint> diff_endpoint(const Endpoint& before, const Endpoint& after) {
  Endpoint out;
  out.entity = after.entity;
  out.state = ElementState::partial;
  const bool ok = diff_atomic(before.display_text, after.display_text, out.display_text) &&
                  diff_atomic(before.referred, after.referred, out.referred) &&
                  diff_atomic(before.status, after.status, out.status) &&
                  diff_atomic(before.joining_method, after.joining_method, out.joining_method) &&
                  diff_atomic(before.joining_info, after.joining_info, out.joining_info) &&
                  diff_atomic(before.disconnection_method, after.disconnection_method, out.disconnection_method) &&
                  diff_atomic(before.disconnection_info, after.disconnection_info, out.disconnection_info) &&
                  diff_plain_rows(
                      before.media, after.media, [](const Media& m) -> std::string_view { return m.id; }, out.media) &&
                  diff_atomic(before.call_info, after.call_info, out.call_info) &&
                  diff_ext(before.ext, after.ext, out.ext);
  if (!ok) return std::nullopt;
  return out;
}

std::optional<User> diff_user(const User& before, const User& after) {
  User out;
  out.entity = after.entity;
  out.state = ElementState::partial;
  if (!diff_atomic(before.display_text, after.display_text, out.display_text)) return std::nullopt;
  if (diff_uris(before.associated_aors, after.associated_aors, out.associated_aors) == Step::impossible) {
    return std::nullopt;
  }
  if (!diff_atomic(before.roles, after.roles, out.roles) ||
      !diff_atomic(before.languages, after.languages, out.languages) ||
      !diff_atomic(before.cascaded_focus, after.cascaded_focus, out.cascaded_focus) ||
      !diff_ext(before.ext, after.ext, out.ext)) {
    return std::nullopt;
  }
  diff_state_rows(
      before.endpoints, after.endpoints, [](const Endpoint& p) -> std::string_view { return p.entity; }, diff_endpoint,
      out.endpoints);
  return out;
}

// users-type: its own 'state' carries removal and replacement, so this never fails.
void diff_users(const std::optional<Users>& before, const std::optional<Users>& after, std::optional<Users>& out) {
  if (before == after) return;
  if (!after) {
    out.emplace().state = ElementState::deleted;
    return;
  }
  if (before) {
    Users partial;
    partial.state = ElementState::partial;
    if (diff_ext(before->ext, after->ext, partial.ext)) {
      diff_state_rows(
          before->users, after->users, [](const User& u) -> std::string_view { return u.entity; }, diff_user,
          partial.users);
      out = std::move(partial);
      return;
    }
  }
  out = after;
  make_full(*out);
}

std::optional<ConferenceInfo> diff_conference(const ConferenceInfo& before, const ConferenceInfo& after, bool root);

std::optional<ConferenceInfo> diff_sidebar(const ConferenceInfo& before, const ConferenceInfo& after) {
  return diff_conference(before, after, false);
}

void diff_sidebars_by_val(const std::optional<SidebarsByVal>& before, const std::optional<SidebarsByVal>& after,
                          std::optional<SidebarsByVal>& out) {
  if (before == after) return;
  if (!after) {
    out.emplace().state = ElementState::deleted;
    return;
  }
  if (before) {
    SidebarsByVal partial;
    partial.state = ElementState::partial;
    if (diff_ext(before->ext, after->ext, partial.ext)) {
      diff_state_rows(
          before->entries, after->entries, [](const ConferenceInfo& c) -> std::string_view { return c.entity; },
          diff_sidebar, partial.entries);
      out = std::move(partial);
      return;
    }
  }
  out = after;
  make_full(*out);
}

// A conference-type element: the root (whose version the caller sets) or a sidebar entry.
std::optional<ConferenceInfo> diff_conference(const ConferenceInfo& before, const ConferenceInfo& after, bool root) {
  ConferenceInfo out;
  out.entity = after.entity;
  out.state = ElementState::partial;
  if (!root && !diff_atomic(before.version, after.version, out.version)) return std::nullopt;
  // No 'state' attribute: a changed one is sent whole; a removed one cannot be said (s4.6 3.2).
  if (!diff_atomic(before.description, after.description, out.description) ||
      !diff_atomic(before.host_info, after.host_info, out.host_info) ||
      !diff_atomic(before.conference_state, after.conference_state, out.conference_state)) {
    return std::nullopt;
  }
  diff_users(before.users, after.users, out.users);
  if (diff_uris(before.sidebars_by_ref, after.sidebars_by_ref, out.sidebars_by_ref) == Step::impossible) {
    return std::nullopt;
  }
  diff_sidebars_by_val(before.sidebars_by_val, after.sidebars_by_val, out.sidebars_by_val);
  if (!diff_ext(before.ext, after.ext, out.ext)) return std::nullopt;
  return out;
}

}  // namespace

ConferenceInfo full_notification(const ConferenceInfo& state, std::uint32_t version) {
  ConferenceInfo doc = state;
  make_full(doc);
  doc.version = version;
  return doc;
}

ConferenceInfo partial_notification(const ConferenceInfo& previous, const ConferenceInfo& next) {
  const std::uint32_t version = previous.version.value_or(0) + 1;
  auto doc = diff_conference(previous, next, true);
  if (!doc) return full_notification(next, version);
  doc->version = version;
  return std::move(*doc);
}

}  // namespace disco::conference
