#include "tests/support/conference_samples.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace disco::test {

namespace {

namespace c = conference;

class Gen {
 public:
  explicit Gen(std::mt19937& rng) : rng_(rng) {}

  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  template <class T>
  const T& one_of(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))];
  }

  // Text with the characters XML must escape and some beyond ASCII, never a carriage return.
  std::string text() {
    static const std::vector<std::string> words{"Alice", "Bob & Co", "<tag>", "\"quoted\"", "it's",
                                                "Zoë",   "日本",     "a  b",  "tab\there",  "line\nbreak"};
    return one_of(words) + std::to_string(pick(0, 3));
  }
  std::optional<std::string> maybe_text(double p = 0.6) {
    if (!chance(p)) return std::nullopt;
    return text();
  }
  std::string token() {
    static const std::vector<std::string> tokens{"sales", "weekly", "q3", "planning", "Ünicode"};
    return one_of(tokens);
  }
  std::vector<std::string> tokens(int lo, int hi) {
    std::vector<std::string> out;
    for (int i = pick(lo, hi); i > 0; --i) out.push_back(token());
    return out;
  }
  // xs:language values (RFC 3066 tags).
  std::vector<std::string> languages() {
    static const std::vector<std::string> tags{"en", "de", "fr", "en-GB", "ja"};
    std::vector<std::string> out;
    for (int i = pick(1, 2); i > 0; --i) out.push_back(one_of(tags));
    return out;
  }

  template <class E>
  std::optional<E> maybe_enum(int count, double p = 0.6) {
    if (!chance(p)) return std::nullopt;
    return static_cast<E>(pick(0, count - 1));
  }

  c::Extensions ext(double p = 0.15) {
    c::Extensions e;
    if (chance(p)) e.attributes.push_back({"ex", "urn:example:ext", "a" + std::to_string(pick(0, 1)), text()});
    if (chance(p)) {
      e.elements.push_back("<ex:note xmlns:ex=\"urn:example:ext\">v" + std::to_string(pick(0, 9)) + "</ex:note>");
    }
    return e;
  }
  // Attributes only, for types whose schema has no element wildcard.
  c::Extensions ext_attributes(double p = 0.1) {
    c::Extensions e;
    if (chance(p)) e.attributes.push_back({"geo", "urn:example:geo", "zone", std::to_string(pick(0, 3))});
    return e;
  }

  std::optional<c::Execution> execution(double p = 0.4) {
    if (!chance(p)) return std::nullopt;
    c::Execution x;
    if (chance(0.6)) x.when = "2024-05-0" + std::to_string(pick(1, 9)) + "T10:00:00Z";
    x.reason = maybe_text(0.4);
    if (chance(0.5)) x.by = "sip:mod" + std::to_string(pick(0, 2)) + "@example.com";
    x.ext = ext_attributes();
    return x;
  }

  c::UriEntry uri_entry(const std::string& uri) {
    c::UriEntry e;
    e.uri = uri;
    e.display_text = maybe_text(0.5);
    if (chance(0.5)) e.purpose = one_of(std::vector<std::string>{"participation", "streaming", "web-page"});
    e.modified = execution(0.2);
    e.ext = ext(0.1);
    return e;
  }

  // 1..max distinct rows drawn from `pool`, in random order.
  std::vector<std::string> keys(const std::vector<std::string>& pool, int lo, int hi) {
    std::vector<std::string> k = pool;
    std::shuffle(k.begin(), k.end(), rng_);
    k.resize(static_cast<std::size_t>(std::min<int>(pick(lo, hi), static_cast<int>(k.size()))));
    return k;
  }

  std::optional<c::Uris> uris(const std::string& base, double p = 0.5) {
    if (!chance(p)) return std::nullopt;
    c::Uris u;
    for (const auto& k : keys({base + "1", base + "2", base + "3", base + "4"}, 1, 3))
      u.entries.push_back(uri_entry(k));
    u.ext = ext_attributes();
    return u;
  }

  c::Media media(const std::string& id) {
    c::Media m;
    m.id = id;
    m.display_text = maybe_text(0.3);
    if (chance(0.8)) m.type = one_of(std::vector<std::string>{"audio", "video", "text"});
    if (chance(0.4)) m.label = "label-" + id;
    if (chance(0.4)) m.src_id = std::to_string(pick(1000, 1010));
    m.status = maybe_enum<c::MediaStatus>(4, 0.7);
    m.ext = ext(0.1);
    return m;
  }

  c::Endpoint endpoint(const std::string& entity) {
    c::Endpoint p;
    p.entity = entity;
    p.display_text = maybe_text(0.4);
    p.referred = execution(0.2);
    p.status = maybe_enum<c::EndpointStatus>(9, 0.8);
    p.joining_method = maybe_enum<c::JoiningMethod>(3, 0.5);
    p.joining_info = execution(0.3);
    p.disconnection_method = maybe_enum<c::DisconnectionMethod>(4, 0.2);
    p.disconnection_info = execution(0.2);
    for (const auto& id : keys({"1", "2", "3", "4"}, 0, 3)) p.media.push_back(media(id));
    if (chance(0.3)) {
      c::CallInfo ci;
      c::SipDialogId sip;
      sip.display_text = maybe_text(0.2);
      sip.call_id = "call-" + std::to_string(pick(0, 99));
      sip.from_tag = "from-" + std::to_string(pick(0, 9));
      sip.to_tag = "to-" + std::to_string(pick(0, 9));
      ci.sip = sip;
      ci.ext = ext_attributes();
      p.call_info = ci;
    }
    p.ext = ext();
    return p;
  }

  c::User user(const std::string& entity) {
    c::User u;
    u.entity = entity;
    u.display_text = maybe_text(0.7);
    u.associated_aors = uris("mailto:aor", 0.3);
    if (chance(0.3)) {
      c::UserRoles r;
      r.entries = {one_of(std::vector<std::string>{"participant", "chair", "moderator"})};
      if (chance(0.3)) r.entries.emplace_back("speaker");
      r.ext = ext_attributes();
      u.roles = r;
    }
    if (chance(0.3)) u.languages = languages();
    if (chance(0.1)) u.cascaded_focus = "sip:focus" + std::to_string(pick(0, 2)) + "@example.com";
    const std::string base = entity.substr(4, entity.find('@') - 4);
    for (const auto& k : keys({"sip:" + base + "@pc.example.com", "sip:" + base + "@phone.example.com",
                               "sip:" + base + "@tablet.example.com"},
                              0, 2)) {
      u.endpoints.push_back(endpoint(k));
    }
    u.ext = ext();
    return u;
  }

  std::vector<std::string> user_pool() {
    return {"sip:alice@example.com", "sip:bob@example.com",   "sip:carol@example.com", "sip:dave@example.com",
            "sip:erin@example.com",  "sip:frank@example.com", "sip:grace@example.com", "sip:heidi@example.com"};
  }

  c::ConferenceDescription description() {
    c::ConferenceDescription d;
    d.display_text = maybe_text(0.6);
    d.subject = maybe_text(0.5);
    d.free_text = maybe_text(0.2);
    if (chance(0.4)) d.keywords = tokens(0, 3);
    d.conf_uris = uris("sip:conf-uri", 0.4);
    d.service_uris = uris("http://svc.example.com/", 0.3);
    if (chance(0.4)) d.maximum_user_count = static_cast<std::uint32_t>(pick(2, 100));
    if (chance(0.4)) {
      c::ConferenceMedia m;
      for (const auto& label : keys({"m1", "m2", "m3"}, 1, 2)) {
        c::ConferenceMedium e;
        e.label = label;
        e.display_text = maybe_text(0.4);
        e.type = one_of(std::vector<std::string>{"audio", "video"});
        e.status = maybe_enum<c::MediaStatus>(4);
        m.entries.push_back(e);
      }
      d.available_media = m;
    }
    d.ext = ext();
    return d;
  }

  c::HostInfo host() {
    c::HostInfo h;
    h.display_text = maybe_text(0.5);
    if (chance(0.4)) h.web_page = "http://host.example.com/" + std::to_string(pick(0, 3));
    h.uris = uris("sip:host", 0.4);
    h.ext = ext();
    return h;
  }

  c::ConferenceState state() {
    c::ConferenceState s;
    if (chance(0.7)) s.user_count = static_cast<std::uint32_t>(pick(0, 8));
    if (chance(0.6)) s.active = chance(0.5);
    if (chance(0.5)) s.locked = chance(0.5);
    s.ext = ext();
    return s;
  }

  c::Users users(int lo, int hi) {
    c::Users u;
    for (const auto& k : keys(user_pool(), lo, hi)) u.users.push_back(user(k));
    u.ext = ext(0.1);
    return u;
  }

  c::ConferenceInfo sidebar(const std::string& entity) {
    c::ConferenceInfo s;
    s.entity = entity;
    if (chance(0.5)) {
      c::ConferenceDescription d;
      d.subject = text();
      s.description = d;
    }
    if (chance(0.8)) s.users = users(0, 3);
    return s;
  }

  std::vector<std::string> sidebar_pool() {
    return {"sip:conf@example.com;grid=1", "sip:conf@example.com;grid=2", "sip:conf@example.com;grid=3"};
  }

  c::ConferenceInfo conference() {
    c::ConferenceInfo conf;
    conf.entity = "sip:conf@example.com";
    if (chance(0.8)) conf.description = description();
    if (chance(0.4)) conf.host_info = host();
    if (chance(0.7)) conf.conference_state = state();
    if (chance(0.9)) conf.users = users(0, 6);
    conf.sidebars_by_ref = uris("sip:conf@example.com;grid=ref", 0.3);
    if (chance(0.3)) {
      c::SidebarsByVal s;
      for (const auto& k : keys(sidebar_pool(), 0, 2)) s.entries.push_back(sidebar(k));
      s.ext = ext_attributes();
      conf.sidebars_by_val = s;
    }
    conf.ext = ext(0.2);
    return conf;
  }

  // A successor state: each piece is kept, edited, regenerated or dropped with small odds, so the
  // diff has something of every kind, often several at once.
  template <class T, class Make>
  void churn(std::optional<T>& field, double p, Make make) {
    if (!chance(p)) return;
    if (field && chance(0.3)) {
      field.reset();
    } else {
      field = make();
    }
  }

  void edit(c::Media& m) {
    if (chance(0.5)) m.status = maybe_enum<c::MediaStatus>(4, 0.8);
    if (chance(0.2)) m.label = chance(0.5) ? std::optional<std::string>("label-x") : std::nullopt;
    if (chance(0.1)) m.ext = ext(0.5);
  }

  void edit(c::Endpoint& p) {
    if (chance(0.5)) p.status = maybe_enum<c::EndpointStatus>(9, 0.9);
    if (chance(0.2)) p.display_text = maybe_text(0.7);
    if (chance(0.2)) p.joining_info = execution(0.7);
    if (chance(0.15)) p.disconnection_method = maybe_enum<c::DisconnectionMethod>(4, 0.7);
    if (chance(0.1)) p.call_info.reset();
    if (chance(0.1)) p.ext = ext(0.5);
    rows(
        p.media, std::vector<std::string>{"1", "2", "3", "4"}, [&](const std::string& id) { return media(id); },
        [&](c::Media& m) { edit(m); });
  }

  void edit(c::User& u) {
    if (chance(0.2)) u.display_text = maybe_text(0.8);
    if (chance(0.15)) {
      if (u.associated_aors && chance(0.6)) {
        edit(*u.associated_aors, "mailto:aor");
      } else {
        u.associated_aors = uris("mailto:aor", 0.6);
      }
    }
    if (chance(0.1)) u.languages = chance(0.7) ? std::optional(languages()) : std::nullopt;
    if (chance(0.1)) u.roles.reset();
    if (chance(0.1)) u.ext = ext(0.5);
    const std::string base = u.entity.substr(4, u.entity.find('@') - 4);
    rows(
        u.endpoints,
        std::vector<std::string>{"sip:" + base + "@pc.example.com", "sip:" + base + "@phone.example.com",
                                 "sip:" + base + "@tablet.example.com"},
        [&](const std::string& k) { return endpoint(k); }, [&](c::Endpoint& p) { edit(p); });
  }

  void edit(c::Uris& u, const std::string& base) {
    rows(
        u.entries, std::vector<std::string>{base + "1", base + "2", base + "3", base + "4"},
        [&](const std::string& k) { return uri_entry(k); },
        [&](c::UriEntry& e) {
          if (chance(0.5)) e.display_text = maybe_text(0.6);
          if (chance(0.3)) e.purpose.reset();
        });
    if (u.entries.empty()) u.entries.push_back(uri_entry(base + "1"));
  }

  // Remove, edit, add rows keyed by `key` (entity, id or uri); sometimes reorder them.
  template <class T, class Make, class Edit>
  void rows(std::vector<T>& v, const std::vector<std::string>& pool, Make make, Edit edit_row) {
    std::erase_if(v, [&](const T&) { return chance(0.12); });
    for (auto& r : v) {
      if (chance(0.35)) edit_row(r);
    }
    if (chance(0.3)) {
      const auto& k = one_of(pool);
      if (std::none_of(v.begin(), v.end(), [&](const T& r) { return key_of(r) == k; })) {
        v.insert(v.begin() + pick(0, static_cast<int>(v.size())), make(k));
      }
    }
    if (chance(0.05)) std::shuffle(v.begin(), v.end(), rng_);
  }

  static const std::string& key_of(const c::User& u) { return u.entity; }
  static const std::string& key_of(const c::Endpoint& p) { return p.entity; }
  static const std::string& key_of(const c::Media& m) { return m.id; }
  static const std::string& key_of(const c::UriEntry& e) { return e.uri; }
  static const std::string& key_of(const c::ConferenceInfo& s) { return s.entity; }

  c::ConferenceInfo mutate(c::ConferenceInfo conf) {
    churn(conf.description, 0.15, [&] { return description(); });
    if (conf.description && chance(0.2)) conf.description->subject = maybe_text(0.8);
    churn(conf.host_info, 0.08, [&] { return host(); });
    churn(conf.conference_state, 0.15, [&] { return state(); });
    if (conf.conference_state && chance(0.3))
      conf.conference_state->user_count = static_cast<std::uint32_t>(pick(0, 8));
    if (!conf.users || chance(0.03)) {
      churn(conf.users, 0.3, [&] { return users(0, 4); });
    }
    if (conf.users) {
      rows(
          conf.users->users, user_pool(), [&](const std::string& k) { return user(k); }, [&](c::User& u) { edit(u); });
      if (chance(0.05)) conf.users->ext = ext(0.5);
    }
    if (chance(0.1)) {
      if (conf.sidebars_by_ref && chance(0.7)) {
        edit(*conf.sidebars_by_ref, "sip:conf@example.com;grid=ref");
      } else {
        conf.sidebars_by_ref = uris("sip:conf@example.com;grid=ref", 0.7);
      }
    }
    if (chance(0.1)) {
      if (conf.sidebars_by_val && chance(0.7)) {
        rows(
            conf.sidebars_by_val->entries, sidebar_pool(), [&](const std::string& k) { return sidebar(k); },
            [&](c::ConferenceInfo& s) {
              if (s.users) {
                rows(
                    s.users->users, user_pool(), [&](const std::string& k) { return user(k); },
                    [&](c::User& u) { edit(u); });
              } else {
                s.users = users(1, 2);
              }
            });
      } else {
        conf.sidebars_by_val.reset();
      }
    }
    if (chance(0.05)) conf.ext = ext(0.5);
    return conf;
  }

 private:
  std::mt19937& rng_;
};

}  // namespace

conference::ConferenceInfo random_conference(std::mt19937& rng) { return Gen(rng).conference(); }

conference::ConferenceInfo mutate_conference(const conference::ConferenceInfo& state, std::mt19937& rng) {
  return Gen(rng).mutate(state);
}

}  // namespace disco::test
