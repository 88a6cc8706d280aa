#include "libcommon/conference/merge.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace disco::conference {

namespace {

// Declared up front so the templates below find them: argument-dependent lookup finds the public
// overloads (merge.hpp) but does not search this unnamed namespace.
void make_full(UriEntry& row);
void make_full(Media& row);
void make_full(ConferenceDescription& d);
void make_full(HostInfo& h);

void make_full(UriEntry& /*row*/) {}
void make_full(Media& /*row*/) {}

// An optional element with a 'state': "deleted" inside a full parent means absent.
template <class T>
void make_full_element(std::optional<T>& e) {
  if (!e) return;
  if (e->state == ElementState::deleted) {
    e.reset();
  } else {
    make_full(*e);
  }
}

template <class T>
void make_full_rows(std::vector<T>& rows) {
  std::erase_if(rows, [](const T& r) { return r.state == ElementState::deleted; });
  for (auto& r : rows) make_full(r);
}

void make_full(ConferenceDescription& d) {
  make_full_element(d.conf_uris);
  make_full_element(d.service_uris);
}

void make_full(HostInfo& h) { make_full_element(h.uris); }

template <class T>
void replace_if(std::optional<T>& local, const std::optional<T>& update) {
  if (update) local = update;
}

void merge_ext(Extensions& local, const Extensions& update) {
  if (!update.elements.empty()) local.elements = update.elements;
  for (const auto& a : update.attributes) {
    auto it = std::find_if(local.attributes.begin(), local.attributes.end(),
                           [&](const ExtensionAttribute& l) { return l.ns == a.ns && l.name == a.name; });
    if (it != local.attributes.end()) {
      *it = a;
    } else {
      local.attributes.push_back(a);
    }
  }
}

// Rows with a 'state' say what to do; media and uri entries have none and behave as "partial".
template <class T>
ElementState row_state(const T& row) {
  if constexpr (requires { row.state; }) {
    return row.state;
  } else {
    return ElementState::partial;
  }
}

// s4.6 steps 3.1.1 and 3.1.2 over one table of keyed rows, in one pass with an index (a full-state
// document can hold thousands of users). Survivors keep their order; new rows go to the end.
template <class T, class Key, class Merge>
void merge_rows(std::vector<T>& local, const std::vector<T>& update, Key key, Merge merge_row) {
  std::unordered_map<std::string, std::size_t> index;
  index.reserve(local.size() + update.size());
  for (std::size_t i = 0; i < local.size(); ++i) index.emplace(key(local[i]), i);
  std::vector<bool> removed(local.size(), false);
  auto add = [&](const T& row, const std::string& k) {
    local.push_back(row);
    make_full(local.back());
    removed.push_back(false);
    index.insert_or_assign(k, local.size() - 1);
  };
  for (const auto& row : update) {
    std::string k = key(row);
    auto it = index.find(k);
    const bool exists = it != index.end() && !removed[it->second];
    switch (row_state(row)) {
      case ElementState::deleted:
        if (exists) removed[it->second] = true;
        break;
      case ElementState::full:
        if (exists) {
          local[it->second] = row;
          make_full(local[it->second]);
        } else {
          add(row, k);
        }
        break;
      case ElementState::partial:
        if (exists) {
          merge_row(local[it->second], row);
        } else {
          add(row, k);
        }
        break;
    }
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < local.size(); ++i) {
    if (removed[i]) continue;
    if (kept != i) local[kept] = std::move(local[i]);
    ++kept;
  }
  local.erase(local.begin() + static_cast<std::ptrdiff_t>(kept), local.end());
}

// An optional element with a 'state' attribute (s4.6 steps 1-3 for one element).
template <class T, class Merge>
void merge_element(std::optional<T>& local, const std::optional<T>& update, Merge merge) {
  if (!update) return;
  switch (update->state) {
    case ElementState::full:
      local = update;
      make_full(*local);
      break;
    case ElementState::deleted: local.reset(); break;
    case ElementState::partial:
      if (local) {
        merge(*local, *update);
      } else {
        local = update;
        make_full(*local);
      }
      break;
  }
}

void merge_uri_entry(UriEntry& local, const UriEntry& update) {
  replace_if(local.display_text, update.display_text);
  replace_if(local.purpose, update.purpose);
  replace_if(local.modified, update.modified);
  merge_ext(local.ext, update.ext);
}

void merge_uris(Uris& local, const Uris& update) {
  merge_rows(
      local.entries, update.entries, [](const UriEntry& e) { return e.uri; }, merge_uri_entry);
  merge_ext(local.ext, update.ext);
}

void merge_media(Media& local, const Media& update) {
  replace_if(local.display_text, update.display_text);
  replace_if(local.type, update.type);
  replace_if(local.label, update.label);
  replace_if(local.src_id, update.src_id);
  replace_if(local.status, update.status);
  merge_ext(local.ext, update.ext);
}

void merge_endpoint(Endpoint& local, const Endpoint& update) {
  replace_if(local.display_text, update.display_text);
  replace_if(local.referred, update.referred);
  replace_if(local.status, update.status);
  replace_if(local.joining_method, update.joining_method);
  replace_if(local.joining_info, update.joining_info);
  replace_if(local.disconnection_method, update.disconnection_method);
  replace_if(local.disconnection_info, update.disconnection_info);
  merge_rows(
      local.media, update.media, [](const Media& m) { return m.id; }, merge_media);
  replace_if(local.call_info, update.call_info);
  merge_ext(local.ext, update.ext);
}

void merge_user(User& local, const User& update) {
  replace_if(local.display_text, update.display_text);
  merge_element(local.associated_aors, update.associated_aors, merge_uris);
  replace_if(local.roles, update.roles);
  replace_if(local.languages, update.languages);
  replace_if(local.cascaded_focus, update.cascaded_focus);
  merge_rows(
      local.endpoints, update.endpoints, [](const Endpoint& p) { return p.entity; }, merge_endpoint);
  merge_ext(local.ext, update.ext);
}

void merge_users(Users& local, const Users& update) {
  merge_rows(
      local.users, update.users, [](const User& u) { return u.entity; }, merge_user);
  merge_ext(local.ext, update.ext);
}

void merge_sidebars_by_val(SidebarsByVal& local, const SidebarsByVal& update) {
  merge_rows(
      local.entries, update.entries, [](const ConferenceInfo& c) { return c.entity; }, apply_partial);
  merge_ext(local.ext, update.ext);
}

}  // namespace

void make_full(Uris& uris) { uris.state = ElementState::full; }
void make_full(Endpoint& endpoint) { endpoint.state = ElementState::full; }

void make_full(User& user) {
  user.state = ElementState::full;
  make_full_element(user.associated_aors);
  make_full_rows(user.endpoints);
}

void make_full(Users& users) {
  users.state = ElementState::full;
  make_full_rows(users.users);
}

void make_full(SidebarsByVal& sidebars) {
  sidebars.state = ElementState::full;
  make_full_rows(sidebars.entries);
}

void make_full(ConferenceInfo& doc) {
  doc.state = ElementState::full;
  if (doc.description) make_full(*doc.description);
  if (doc.host_info) make_full(*doc.host_info);
  make_full_element(doc.users);
  make_full_element(doc.sidebars_by_ref);
  make_full_element(doc.sidebars_by_val);
}

void apply_partial(ConferenceInfo& local, const ConferenceInfo& update) {
  local.entity = update.entity;
  replace_if(local.version, update.version);
  // s4.6 step 3.2: no 'state' attribute, so each is replaced whole; its own lists follow s4.4.
  if (update.description) {
    local.description = update.description;
    make_full(*local.description);
  }
  if (update.host_info) {
    local.host_info = update.host_info;
    make_full(*local.host_info);
  }
  replace_if(local.conference_state, update.conference_state);
  merge_element(local.users, update.users, merge_users);
  merge_element(local.sidebars_by_ref, update.sidebars_by_ref, merge_uris);
  merge_element(local.sidebars_by_val, update.sidebars_by_val, merge_sidebars_by_val);
  merge_ext(local.ext, update.ext);
}

}  // namespace disco::conference
