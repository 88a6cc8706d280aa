#include "libcommon/conference/change.hpp"

#include <fmt/format.h>

#include <iterator>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace disco::conference {

std::string_view to_string(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::conference_changed: return "conference_changed";
    case ChangeKind::conference_description_changed: return "conference_description_changed";
    case ChangeKind::host_info_changed: return "host_info_changed";
    case ChangeKind::conference_state_changed: return "conference_state_changed";
    case ChangeKind::user_added: return "user_added";
    case ChangeKind::user_changed: return "user_changed";
    case ChangeKind::user_removed: return "user_removed";
    case ChangeKind::endpoint_added: return "endpoint_added";
    case ChangeKind::endpoint_changed: return "endpoint_changed";
    case ChangeKind::endpoint_removed: return "endpoint_removed";
    case ChangeKind::media_added: return "media_added";
    case ChangeKind::media_changed: return "media_changed";
    case ChangeKind::media_removed: return "media_removed";
    case ChangeKind::sidebars_changed: return "sidebars_changed";
    case ChangeKind::conference_ended: return "conference_ended";
  }
  return "unknown";
}

namespace {

// A row flattened to (field, value) pairs in schema order; diffs compare these.
using Fields = std::vector<std::pair<std::string, std::string>>;

void put(Fields& f, std::string name, const std::optional<std::string>& v) {
  if (v) f.emplace_back(std::move(name), *v);
}

template <class E>
void put_enum(Fields& f, std::string name, const std::optional<E>& v) {
  if (v) f.emplace_back(std::move(name), std::string(to_string(*v)));
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

void put_ext(Fields& f, const std::string& prefix, const Extensions& ext) {
  for (const auto& a : ext.attributes) f.emplace_back(fmt::format("{}@{{{}}}{}", prefix, a.ns, a.name), a.value);
  if (!ext.elements.empty()) f.emplace_back(prefix + "extensions", join(ext.elements, ""));
}

void put_execution(Fields& f, const std::string& name, const std::optional<Execution>& x) {
  if (!x) return;
  const std::size_t before = f.size();
  put(f, name + ".when", x->when);
  put(f, name + ".reason", x->reason);
  put(f, name + ".by", x->by);
  put_ext(f, name + ".", x->ext);
  if (f.size() == before) f.emplace_back(name, "");  // present but empty still differs from absent
}

void put_uris(Fields& f, const std::string& name, const std::optional<Uris>& u) {
  if (!u) return;
  for (const auto& e : u->entries) {
    const std::string row = fmt::format("{}[{}]", name, e.uri);
    f.emplace_back(row, e.uri);
    put(f, row + ".display-text", e.display_text);
    put(f, row + ".purpose", e.purpose);
    put_execution(f, row + ".modified", e.modified);
    put_ext(f, row + ".", e.ext);
  }
  put_ext(f, name + ".", u->ext);
}

Fields fields_of_root(const ConferenceInfo& c) {
  Fields f;
  if (!c.entity.empty()) f.emplace_back("entity", c.entity);
  put_ext(f, "", c.ext);
  return f;
}

void put(Fields& f, const std::string& p, const ConferenceDescription& d) {
  put(f, p + "display-text", d.display_text);
  put(f, p + "subject", d.subject);
  put(f, p + "free-text", d.free_text);
  if (d.keywords) f.emplace_back(p + "keywords", join(*d.keywords, " "));
  put_uris(f, p + "conf-uris", d.conf_uris);
  put_uris(f, p + "service-uris", d.service_uris);
  if (d.maximum_user_count) f.emplace_back(p + "maximum-user-count", std::to_string(*d.maximum_user_count));
  if (d.available_media) {
    for (const auto& m : d.available_media->entries) {
      const std::string row = fmt::format("{}available-media[{}]", p, m.label);
      put(f, row + ".display-text", m.display_text);
      f.emplace_back(row + ".type", m.type);
      put_enum(f, row + ".status", m.status);
      put_ext(f, row + ".", m.ext);
    }
    put_ext(f, p + "available-media.", d.available_media->ext);
  }
  put_ext(f, p, d.ext);
}

void put(Fields& f, const std::string& p, const HostInfo& h) {
  put(f, p + "display-text", h.display_text);
  put(f, p + "web-page", h.web_page);
  put_uris(f, p + "uris", h.uris);
  put_ext(f, p, h.ext);
}

void put(Fields& f, const std::string& p, const ConferenceState& s) {
  if (s.user_count) f.emplace_back(p + "user-count", std::to_string(*s.user_count));
  if (s.active) f.emplace_back(p + "active", *s.active ? "true" : "false");
  if (s.locked) f.emplace_back(p + "locked", *s.locked ? "true" : "false");
  put_ext(f, p, s.ext);
}

// A user's own fields; its endpoints are rows of their own.
void put(Fields& f, const std::string& p, const User& u) {
  put(f, p + "display-text", u.display_text);
  put_uris(f, p + "associated-aors", u.associated_aors);
  if (u.roles) {
    f.emplace_back(p + "roles", join(u.roles->entries, ", "));
    put_ext(f, p + "roles.", u.roles->ext);
  }
  if (u.languages) f.emplace_back(p + "languages", join(*u.languages, " "));
  put(f, p + "cascaded-focus", u.cascaded_focus);
  put_ext(f, p, u.ext);
}

// An endpoint's own fields; its media are rows of their own.
void put(Fields& f, const std::string& p, const Endpoint& e) {
  put(f, p + "display-text", e.display_text);
  put_execution(f, p + "referred", e.referred);
  put_enum(f, p + "status", e.status);
  put_enum(f, p + "joining-method", e.joining_method);
  put_execution(f, p + "joining-info", e.joining_info);
  put_enum(f, p + "disconnection-method", e.disconnection_method);
  put_execution(f, p + "disconnection-info", e.disconnection_info);
  if (e.call_info) {
    const std::size_t before = f.size();
    if (const auto& sip = e.call_info->sip) {
      put(f, p + "call-info.sip.display-text", sip->display_text);
      f.emplace_back(p + "call-info.sip.call-id", sip->call_id);
      f.emplace_back(p + "call-info.sip.from-tag", sip->from_tag);
      f.emplace_back(p + "call-info.sip.to-tag", sip->to_tag);
      put_ext(f, p + "call-info.sip.", sip->ext);
    }
    put_ext(f, p + "call-info.", e.call_info->ext);
    if (f.size() == before) f.emplace_back(p + "call-info", "");
  }
  put_ext(f, p, e.ext);
}

void put(Fields& f, const std::string& p, const Media& m) {
  put(f, p + "display-text", m.display_text);
  put(f, p + "type", m.type);
  put(f, p + "label", m.label);
  put(f, p + "src-id", m.src_id);
  put_enum(f, p + "status", m.status);
  put_ext(f, p, m.ext);
}

template <class T>
Fields fields_of(const std::optional<T>& element) {
  Fields f;
  if (element) put(f, "", *element);
  return f;
}

template <class T>
Fields fields_of(const T& row) {
  Fields f;
  put(f, "", row);
  return f;
}

void put_sidebars(Fields& f, const std::string& p, const ConferenceInfo& c);

// A sidebar by value is a whole conference (s5.9.2); it is reported as one flat row whose field
// names say where each value sits: "sidebars-by-val[E].users[U].endpoint[P].status".
void put_conference(Fields& f, const std::string& p, const ConferenceInfo& c) {
  put_ext(f, p, c.ext);
  if (c.description) put(f, p + "conference-description.", *c.description);
  if (c.host_info) put(f, p + "host-info.", *c.host_info);
  if (c.conference_state) put(f, p + "conference-state.", *c.conference_state);
  if (c.users) {
    for (const auto& u : c.users->users) {
      const std::string user = fmt::format("{}users[{}]", p, u.entity);
      f.emplace_back(user, u.entity);
      put(f, user + ".", u);
      for (const auto& e : u.endpoints) {
        const std::string endpoint = fmt::format("{}.endpoint[{}]", user, e.entity);
        f.emplace_back(endpoint, e.entity);
        put(f, endpoint + ".", e);
        for (const auto& m : e.media) {
          const std::string media = fmt::format("{}.media[{}]", endpoint, m.id);
          f.emplace_back(media, m.id);
          put(f, media + ".", m);
        }
      }
    }
    put_ext(f, p + "users.", c.users->ext);
  }
  put_sidebars(f, p, c);
}

void put_sidebars(Fields& f, const std::string& p, const ConferenceInfo& c) {
  put_uris(f, p + "sidebars-by-ref", c.sidebars_by_ref);
  if (c.sidebars_by_val) {
    for (const auto& entry : c.sidebars_by_val->entries) {
      const std::string row = fmt::format("{}sidebars-by-val[{}]", p, entry.entity);
      f.emplace_back(row, entry.entity);
      put_conference(f, row + ".", entry);
    }
    put_ext(f, p + "sidebars-by-val.", c.sidebars_by_val->ext);
  }
}

Fields fields_of_sidebars(const ConferenceInfo& c) {
  Fields f;
  put_sidebars(f, "", c);
  return f;
}

std::vector<FieldChange> all_fields(Fields after) {
  std::vector<FieldChange> out;
  out.reserve(after.size());
  for (auto& field : after) out.push_back({std::move(field.first), std::move(field.second)});
  return out;
}

std::vector<FieldChange> diff_fields(const Fields& before, Fields after) {
  std::unordered_map<std::string_view, std::string_view> old;
  old.reserve(before.size());
  for (const auto& [name, value] : before) old.emplace(name, value);
  std::unordered_set<std::string_view> now;
  now.reserve(after.size());
  for (const auto& [name, value] : after) now.insert(name);
  // Removed fields are collected before `after` is moved from (`now` views its names).
  std::vector<FieldChange> removed;
  for (const auto& [name, value] : before) {
    if (!now.contains(name)) removed.push_back({name, std::nullopt});
  }
  std::vector<FieldChange> out;
  for (auto& field : after) {
    auto it = old.find(field.first);
    if (it == old.end() || it->second != field.second) {
      out.push_back({std::move(field.first), std::move(field.second)});
    }
  }
  out.insert(out.end(), std::make_move_iterator(removed.begin()), std::make_move_iterator(removed.end()));
  return out;
}

template <class T>
std::unordered_map<std::string_view, const T*> index_by(const std::vector<T>& rows, std::string_view (*key)(const T&)) {
  std::unordered_map<std::string_view, const T*> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.emplace(key(r), &r);
  return out;
}

std::string_view entity_of(const User& u) { return u.entity; }
std::string_view entity_of_endpoint(const Endpoint& p) { return p.entity; }
std::string_view id_of(const Media& m) { return m.id; }

class Differ {
 public:
  std::vector<Change> out;

  void media_added(const User& u, const Endpoint& p) {
    for (const auto& m : p.media) {
      out.push_back({ChangeKind::media_added, u.entity, p.entity, m.id, all_fields(fields_of(m))});
    }
  }

  void endpoint_added(const User& u, const Endpoint& p) {
    out.push_back({ChangeKind::endpoint_added, u.entity, p.entity, {}, all_fields(fields_of(p))});
    media_added(u, p);
  }

  void user_added(const User& u) {
    out.push_back({ChangeKind::user_added, u.entity, {}, {}, all_fields(fields_of(u))});
    for (const auto& p : u.endpoints) endpoint_added(u, p);
  }

  void endpoint_changed(const User& u, const Endpoint& before, const Endpoint& after) {
    auto fields = diff_fields(fields_of(before), fields_of(after));
    if (!fields.empty()) out.push_back({ChangeKind::endpoint_changed, u.entity, after.entity, {}, std::move(fields)});
    auto old = index_by(before.media, id_of);
    for (const auto& m : after.media) {
      auto it = old.find(m.id);
      if (it == old.end()) {
        out.push_back({ChangeKind::media_added, u.entity, after.entity, m.id, all_fields(fields_of(m))});
      } else if (*it->second != m) {
        auto mf = diff_fields(fields_of(*it->second), fields_of(m));
        if (!mf.empty()) out.push_back({ChangeKind::media_changed, u.entity, after.entity, m.id, std::move(mf)});
      }
    }
    auto now = index_by(after.media, id_of);
    for (const auto& m : before.media) {
      if (!now.contains(m.id)) out.push_back({ChangeKind::media_removed, u.entity, after.entity, m.id, {}});
    }
  }

  void user_changed(const User& before, const User& after) {
    auto fields = diff_fields(fields_of(before), fields_of(after));
    if (!fields.empty()) out.push_back({ChangeKind::user_changed, after.entity, {}, {}, std::move(fields)});
    auto old = index_by(before.endpoints, entity_of_endpoint);
    for (const auto& p : after.endpoints) {
      auto it = old.find(p.entity);
      if (it == old.end()) {
        endpoint_added(after, p);
      } else if (*it->second != p) {
        endpoint_changed(after, *it->second, p);
      }
    }
    auto now = index_by(after.endpoints, entity_of_endpoint);
    for (const auto& p : before.endpoints) {
      if (!now.contains(p.entity)) out.push_back({ChangeKind::endpoint_removed, after.entity, p.entity, {}, {}});
    }
  }

  void users(const std::optional<Users>& before, const std::optional<Users>& after) {
    static const std::vector<User> none;
    const auto& b = before ? before->users : none;
    const auto& a = after ? after->users : none;
    auto old = index_by(b, entity_of);
    for (const auto& u : a) {
      auto it = old.find(u.entity);
      if (it == old.end()) {
        user_added(u);
      } else if (*it->second != u) {
        user_changed(*it->second, u);
      }
    }
    auto now = index_by(a, entity_of);
    for (const auto& u : b) {
      if (!now.contains(u.entity)) out.push_back({ChangeKind::user_removed, u.entity, {}, {}, {}});
    }
  }

  void element(ChangeKind kind, const Fields& before, Fields after) {
    auto fields = diff_fields(before, std::move(after));
    if (!fields.empty()) out.push_back({kind, {}, {}, {}, std::move(fields)});
  }
};

}  // namespace

std::vector<Change> diff_states(const ConferenceInfo& before, const ConferenceInfo& after) {
  Differ d;
  d.element(ChangeKind::conference_changed, fields_of_root(before), fields_of_root(after));
  d.element(ChangeKind::conference_description_changed, fields_of(before.description), fields_of(after.description));
  d.element(ChangeKind::host_info_changed, fields_of(before.host_info), fields_of(after.host_info));
  d.element(ChangeKind::conference_state_changed, fields_of(before.conference_state),
            fields_of(after.conference_state));
  d.users(before.users, after.users);
  d.element(ChangeKind::sidebars_changed, fields_of_sidebars(before), fields_of_sidebars(after));
  return std::move(d.out);
}

}  // namespace disco::conference
