#include "libcommon/conference/serialise.hpp"

#include <fmt/format.h>

#include <pugixml.hpp>
#include <string_view>
#include <utility>
#include <vector>

#include "libcommon/conference/xml_names.hpp"
#include "libcommon/conference/xml_text.hpp"

namespace disco::conference {

namespace {

constexpr std::string_view ci_ns = conference_info_namespace;

// A name pugixml may write as given: no separators, markup or white space. Only extension
// attribute names come from outside parse(), so this guards user-built models.
bool is_plain_name(std::string_view n) {
  if (n.empty()) return false;
  for (char c : n) {
    if (is_xml_space(c) || c == ':' || c == '<' || c == '>' || c == '&' || c == '"' || c == '\'' || c == '=' ||
        c == '/') {
      return false;
    }
  }
  return true;
}

class Writer {
 public:
  std::error_code error;

  void conference(pugi::xml_node e, const ConferenceInfo& c, bool root) {
    attribute(e, "entity", c.entity);
    if (root || c.state != ElementState::full) attribute(e, "state", to_string(c.state));
    if (c.version) attribute(e, "version", std::to_string(*c.version));
    ext_attributes(e, c.ext);
    if (c.description) description(e.append_child("conference-description"), *c.description);
    if (c.host_info) host(e.append_child("host-info"), *c.host_info);
    if (c.conference_state) conference_state(e.append_child("conference-state"), *c.conference_state);
    if (c.users) users(e.append_child("users"), *c.users);
    if (c.sidebars_by_ref) uris(e.append_child("sidebars-by-ref"), *c.sidebars_by_ref);
    if (c.sidebars_by_val) sidebars_by_val(e.append_child("sidebars-by-val"), *c.sidebars_by_val);
    ext_elements(e, c.ext);
  }

 private:
  void fail(errc code) {
    if (!error) error = code;
  }

  bool checked(std::string_view value) {
    if (is_xml_text(value)) return true;
    fail(errc::invalid_character);
    return false;
  }

  void attribute(pugi::xml_node e, const char* name, std::string_view value) {
    if (checked(value)) e.append_attribute(name).set_value(std::string(value).c_str());
  }

  void text(pugi::xml_node parent, const char* name, std::string_view value) {
    if (checked(value)) parent.append_child(name).text().set(std::string(value).c_str());
  }
  void optional_text(pugi::xml_node parent, const char* name, const std::optional<std::string>& value) {
    if (value) text(parent, name, *value);
  }
  template <class E>
  void enum_text(pugi::xml_node parent, const char* name, const std::optional<E>& value) {
    if (value) text(parent, name, to_string(*value));
  }
  void list_text(pugi::xml_node parent, const char* name, const std::optional<std::vector<std::string>>& items) {
    if (!items) return;
    std::string joined;
    for (const auto& item : *items) {
      if (!joined.empty()) joined += ' ';
      joined += item;
    }
    text(parent, name, joined);
  }

  void state_attribute(pugi::xml_node e, ElementState s) {
    if (s != ElementState::full) attribute(e, "state", to_string(s));
  }

  // Each attribute with its prefix declared on the same element, so it needs nothing from the
  // ancestors; a prefix that is missing or clashes on this element gets a fresh one.
  void ext_attributes(pugi::xml_node e, const Extensions& ext) {
    std::vector<std::pair<std::string, std::string>> declared;
    for (const auto& a : ext.attributes) {
      if (!checked(a.value) || !checked(a.ns)) return;
      if (!is_plain_name(a.name) || a.ns.empty() || a.ns == ci_ns) {
        fail(errc::invalid_extension);
        return;
      }
      // Namespaces in XML s3: the xml prefix and the XML namespace are bound to each other only.
      std::string prefix = a.ns == detail::xml_namespace ? std::string("xml") : a.prefix == "xml" ? "" : a.prefix;
      if (prefix != "xml") {
        auto usable = [&](const std::string& p) {
          if (!is_plain_name(p) || p == "xmlns" || p == "xml") return false;
          for (const auto& [dp, dns] : declared) {
            if (dp == p) return dns == a.ns;
          }
          return true;
        };
        for (int n = 0; !usable(prefix); ++n) prefix = fmt::format("ext{}", n);
        bool already = false;
        for (const auto& [dp, dns] : declared) already = already || dp == prefix;
        if (!already) {
          e.append_attribute(fmt::format("xmlns:{}", prefix).c_str()).set_value(a.ns.c_str());
          declared.emplace_back(prefix, a.ns);
        }
      }
      e.append_attribute(fmt::format("{}:{}", prefix, a.name).c_str()).set_value(a.value.c_str());
    }
  }

  // Each stored element is parsed back into place, so what is written is well-formed whatever the
  // model holds; it must be one element that declares its own namespace, which is not ours.
  void ext_elements(pugi::xml_node e, const Extensions& ext) {
    for (const auto& raw : ext.elements) {
      if (!checked(raw)) return;
      pugi::xml_node before = e.last_child();
      auto loaded = e.append_buffer(raw.data(), raw.size(), detail::parse_options, pugi::encoding_utf8);
      pugi::xml_node first = before ? before.next_sibling() : e.first_child();
      bool ok = loaded && first && first.type() == pugi::node_element && !first.next_sibling();
      if (ok) {
        auto q = detail::split_name(first.name());
        std::string decl = q.prefix.empty() ? std::string("xmlns") : fmt::format("xmlns:{}", q.prefix);
        std::string_view ns = first.attribute(decl.c_str()).value();
        ok = !ns.empty() && ns != ci_ns;
      }
      if (!ok) {
        while (first) {
          pugi::xml_node next = first.next_sibling();
          e.remove_child(first);
          first = next;
        }
        fail(errc::invalid_extension);
        return;
      }
    }
  }

  void execution(pugi::xml_node e, const Execution& x) {
    ext_attributes(e, x.ext);
    optional_text(e, "when", x.when);
    optional_text(e, "reason", x.reason);
    optional_text(e, "by", x.by);
  }

  void uris(pugi::xml_node e, const Uris& u) {
    state_attribute(e, u.state);
    ext_attributes(e, u.ext);
    for (const auto& entry : u.entries) {
      auto c = e.append_child("entry");
      ext_attributes(c, entry.ext);
      text(c, "uri", entry.uri);
      optional_text(c, "display-text", entry.display_text);
      optional_text(c, "purpose", entry.purpose);
      if (entry.modified) execution(c.append_child("modified"), *entry.modified);
      ext_elements(c, entry.ext);
    }
  }

  void description(pugi::xml_node e, const ConferenceDescription& d) {
    ext_attributes(e, d.ext);
    optional_text(e, "display-text", d.display_text);
    optional_text(e, "subject", d.subject);
    optional_text(e, "free-text", d.free_text);
    list_text(e, "keywords", d.keywords);
    if (d.conf_uris) uris(e.append_child("conf-uris"), *d.conf_uris);
    if (d.service_uris) uris(e.append_child("service-uris"), *d.service_uris);
    if (d.maximum_user_count) text(e, "maximum-user-count", std::to_string(*d.maximum_user_count));
    if (d.available_media) {
      auto m = e.append_child("available-media");
      ext_attributes(m, d.available_media->ext);
      for (const auto& medium : d.available_media->entries) {
        auto c = m.append_child("entry");
        attribute(c, "label", medium.label);
        ext_attributes(c, medium.ext);
        optional_text(c, "display-text", medium.display_text);
        text(c, "type", medium.type);
        enum_text(c, "status", medium.status);
        ext_elements(c, medium.ext);
      }
    }
    ext_elements(e, d.ext);
  }

  void host(pugi::xml_node e, const HostInfo& h) {
    ext_attributes(e, h.ext);
    optional_text(e, "display-text", h.display_text);
    optional_text(e, "web-page", h.web_page);
    if (h.uris) uris(e.append_child("uris"), *h.uris);
    ext_elements(e, h.ext);
  }

  void conference_state(pugi::xml_node e, const ConferenceState& s) {
    ext_attributes(e, s.ext);
    if (s.user_count) text(e, "user-count", std::to_string(*s.user_count));
    if (s.active) text(e, "active", *s.active ? "true" : "false");
    if (s.locked) text(e, "locked", *s.locked ? "true" : "false");
    ext_elements(e, s.ext);
  }

  void users(pugi::xml_node e, const Users& u) {
    state_attribute(e, u.state);
    ext_attributes(e, u.ext);
    for (const auto& one : u.users) user(e.append_child("user"), one);
    ext_elements(e, u.ext);
  }

  void user(pugi::xml_node e, const User& u) {
    if (!u.entity.empty()) attribute(e, "entity", u.entity);
    state_attribute(e, u.state);
    ext_attributes(e, u.ext);
    optional_text(e, "display-text", u.display_text);
    if (u.associated_aors) uris(e.append_child("associated-aors"), *u.associated_aors);
    if (u.roles) {
      auto r = e.append_child("roles");
      ext_attributes(r, u.roles->ext);
      for (const auto& role : u.roles->entries) text(r, "entry", role);
    }
    list_text(e, "languages", u.languages);
    optional_text(e, "cascaded-focus", u.cascaded_focus);
    for (const auto& p : u.endpoints) endpoint(e.append_child("endpoint"), p);
    ext_elements(e, u.ext);
  }

  void endpoint(pugi::xml_node e, const Endpoint& p) {
    if (!p.entity.empty()) attribute(e, "entity", p.entity);
    state_attribute(e, p.state);
    ext_attributes(e, p.ext);
    optional_text(e, "display-text", p.display_text);
    if (p.referred) execution(e.append_child("referred"), *p.referred);
    enum_text(e, "status", p.status);
    enum_text(e, "joining-method", p.joining_method);
    if (p.joining_info) execution(e.append_child("joining-info"), *p.joining_info);
    enum_text(e, "disconnection-method", p.disconnection_method);
    if (p.disconnection_info) execution(e.append_child("disconnection-info"), *p.disconnection_info);
    for (const auto& m : p.media) media(e.append_child("media"), m);
    if (p.call_info) call_info(e.append_child("call-info"), *p.call_info);
    ext_elements(e, p.ext);
  }

  void media(pugi::xml_node e, const Media& m) {
    attribute(e, "id", m.id);
    ext_attributes(e, m.ext);
    optional_text(e, "display-text", m.display_text);
    optional_text(e, "type", m.type);
    optional_text(e, "label", m.label);
    optional_text(e, "src-id", m.src_id);
    enum_text(e, "status", m.status);
    ext_elements(e, m.ext);
  }

  void call_info(pugi::xml_node e, const CallInfo& c) {
    ext_attributes(e, c.ext);
    if (c.sip) {
      auto s = e.append_child("sip");
      ext_attributes(s, c.sip->ext);
      optional_text(s, "display-text", c.sip->display_text);
      text(s, "call-id", c.sip->call_id);
      text(s, "from-tag", c.sip->from_tag);
      text(s, "to-tag", c.sip->to_tag);
      ext_elements(s, c.sip->ext);
    }
    ext_elements(e, c.ext);
  }

  void sidebars_by_val(pugi::xml_node e, const SidebarsByVal& s) {
    state_attribute(e, s.state);
    ext_attributes(e, s.ext);
    for (const auto& entry : s.entries) conference(e.append_child("entry"), entry, false);
  }
};

}  // namespace

base::result<std::string> serialise(const ConferenceInfo& doc, const SerialiseOptions& options) {
  pugi::xml_document xml;
  auto decl = xml.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");
  auto root = xml.append_child("conference-info");
  root.append_attribute("xmlns").set_value(conference_info_namespace);
  Writer w;
  w.conference(root, doc, true);
  if (w.error) return base::failure{w.error};
  detail::StringWriter out;
  xml.save(out, "  ", options.indent ? pugi::format_indent : pugi::format_raw, pugi::encoding_utf8);
  return std::move(out.out);
}

}  // namespace disco::conference
