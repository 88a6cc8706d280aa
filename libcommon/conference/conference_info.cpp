#include "libcommon/conference/conference_info.hpp"

#include <algorithm>
#include <tuple>

namespace disco::conference {

namespace {

// Declared up front so the templates below find every overload (these live in an unnamed
// namespace, which argument-dependent lookup does not search).
void canon(Extensions& ext);
void canon(Execution& x);
void canon(Uris& u);
void canon(ConferenceDescription& d);
void canon(HostInfo& h);
void canon(ConferenceState& s);
void canon(Media& m);
void canon(CallInfo& c);
void canon(Endpoint& p);
void canon(User& u);
void canon(Users& u);
void canon(SidebarsByVal& s);
void canon(ConferenceInfo& c);

// XML gives attribute order no meaning either.
void canon(Extensions& ext) {
  std::stable_sort(ext.attributes.begin(), ext.attributes.end(),
                   [](const ExtensionAttribute& a, const ExtensionAttribute& b) {
                     return std::tie(a.ns, a.name) < std::tie(b.ns, b.name);
                   });
}

template <class T, class Key>
void sort_rows(std::vector<T>& rows, Key key) {
  std::stable_sort(rows.begin(), rows.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
}

void canon(Execution& x) { canon(x.ext); }

void canon(Uris& u) {
  canon(u.ext);
  for (auto& e : u.entries) {
    canon(e.ext);
    if (e.modified) canon(*e.modified);
  }
  sort_rows(u.entries, [](const UriEntry& e) -> const std::string& { return e.uri; });
}

template <class T>
void canon(std::optional<T>& e) {
  if (e) canon(*e);
}

void canon(ConferenceDescription& d) {
  canon(d.ext);
  canon(d.conf_uris);
  canon(d.service_uris);
  if (d.available_media) {
    canon(d.available_media->ext);
    for (auto& m : d.available_media->entries) canon(m.ext);
  }
}

void canon(HostInfo& h) {
  canon(h.ext);
  canon(h.uris);
}

void canon(ConferenceState& s) { canon(s.ext); }

void canon(Media& m) { canon(m.ext); }

void canon(CallInfo& c) {
  canon(c.ext);
  if (c.sip) canon(c.sip->ext);
}

void canon(Endpoint& p) {
  canon(p.ext);
  canon(p.referred);
  canon(p.joining_info);
  canon(p.disconnection_info);
  canon(p.call_info);
  for (auto& m : p.media) canon(m);
  sort_rows(p.media, [](const Media& m) -> const std::string& { return m.id; });
}

void canon(User& u) {
  canon(u.ext);
  canon(u.associated_aors);
  if (u.roles) canon(u.roles->ext);
  for (auto& p : u.endpoints) canon(p);
  sort_rows(u.endpoints, [](const Endpoint& p) -> const std::string& { return p.entity; });
}

void canon(Users& u) {
  canon(u.ext);
  for (auto& one : u.users) canon(one);
  sort_rows(u.users, [](const User& one) -> const std::string& { return one.entity; });
}

void canon(SidebarsByVal& s) {
  canon(s.ext);
  for (auto& entry : s.entries) canon(entry);
  sort_rows(s.entries, [](const ConferenceInfo& c) -> const std::string& { return c.entity; });
}

void canon(ConferenceInfo& c) {
  canon(c.ext);
  canon(c.description);
  canon(c.host_info);
  canon(c.conference_state);
  canon(c.users);
  canon(c.sidebars_by_ref);
  canon(c.sidebars_by_val);
}

}  // namespace

ConferenceInfo canonical(ConferenceInfo doc) {
  canon(doc);
  return doc;
}

}  // namespace disco::conference
