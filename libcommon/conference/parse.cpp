#include "libcommon/conference/parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <pugixml.hpp>
#include <unordered_set>
#include <utility>

#include "libcommon/conference/xml_names.hpp"
#include "libcommon/conference/xml_text.hpp"

namespace disco::conference {

std::string ParseError::message() const {
  std::string m = code.message();
  if (!element.empty()) m += fmt::format(" in <{}>", element);
  m += fmt::format(" at byte {}", offset);
  return m;
}

namespace {

using detail::QName;
using detail::Scope;
using detail::ScopeGuard;
using detail::split_name;

constexpr std::string_view ci_ns = conference_info_namespace;

// Where the element's start tag begins: pugixml reports where its name starts, one past the '<'.
std::size_t offset_of(const pugi::xml_node& n) {
  auto o = n.offset_debug();
  if (o > 0 && n.type() == pugi::node_element) --o;
  return o < 0 ? 0 : static_cast<std::size_t>(o);
}

ParseError error_at(errc code, const pugi::xml_node& at) {
  return ParseError{code, std::string(split_name(at.name()).local), offset_of(at)};
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_xml_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_xml_space(s.back())) s.remove_suffix(1);
  return s;
}

// xs:unsignedInt: optional '+', decimal digits, at most 4294967295 (leading zeros allowed).
std::optional<std::uint32_t> to_uint32(std::string_view text) {
  auto s = trim(text);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  std::uint32_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// xs:boolean: true, false, 1, 0.
std::optional<bool> to_bool(std::string_view text) {
  auto s = trim(text);
  if (s == "true" || s == "1") return true;
  if (s == "false" || s == "0") return false;
  return std::nullopt;
}

// xs:list items are separated by XML white space.
std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_xml_space(text[i])) ++i;
    std::size_t start = i;
    while (i < text.size() && !is_xml_space(text[i])) ++i;
    if (i > start) out.emplace_back(text.substr(start, i - start));
  }
  return out;
}

// Namespaces in XML s3: a QName is one NCName or two joined by a single colon.
bool is_qname(std::string_view name) {
  auto colon = name.find(':');
  if (colon == std::string_view::npos) return !name.empty();
  return colon > 0 && colon + 1 < name.size() && name.find(':', colon + 1) == std::string_view::npos;
}

// Element count, depth, namespace prefixes and character references, checked over the whole tree
// (extensions included) before the model is built, without recursion.
std::optional<ParseError> check_tree(const pugi::xml_node& root, const Limits& limits) {
  Scope scope;
  std::vector<std::size_t> open;  // declarations each open element pushed
  std::unordered_set<std::string> expanded;
  std::size_t elements = 0;
  auto enter = [&](const pugi::xml_node& e) -> std::optional<ParseError> {
    if (++elements > limits.max_elements) return error_at(errc::too_many_elements, e);
    if (open.size() + 1 > limits.max_depth) return error_at(errc::too_deep, e);
    open.push_back(scope.push(e));
    auto q = split_name(e.name());
    if (!is_qname(e.name())) return error_at(errc::malformed_xml, e);
    if (!q.prefix.empty() && !scope.lookup(q.prefix)) return error_at(errc::undeclared_prefix, e);
    // XML 1.0 s3.1 and Namespaces s6.3: no two attributes with the same name or expanded name.
    // pugixml checks neither; the first attribute is checked on its own, so one-attribute
    // elements (most of them) allocate nothing.
    expanded.clear();
    const bool several = e.first_attribute() && e.first_attribute().next_attribute();
    for (auto a = e.first_attribute(); a; a = a.next_attribute()) {
      auto qa = split_name(a.name());
      if (!is_qname(a.name())) return error_at(errc::malformed_xml, e);
      std::optional<std::string_view> ns;
      if (!qa.prefix.empty() && qa.prefix != "xmlns") {
        ns = scope.lookup(qa.prefix);
        if (!ns) return error_at(errc::undeclared_prefix, e);
      }
      if (several) {
        std::string key = ns ? fmt::format("{{{}}}{}", *ns, qa.local) : std::string(a.name());
        if (!expanded.insert(std::move(key)).second) return error_at(errc::malformed_xml, e);
      }
      // The input is valid UTF-8 of XML Chars; only a character reference (&#1;, &#xD800;) can
      // put anything else into a value.
      if (check_xml_text(a.value())) return error_at(errc::invalid_character, e);
    }
    for (auto c = e.first_child(); c; c = c.next_sibling()) {
      if ((c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) && check_xml_text(c.value())) {
        return error_at(errc::invalid_character, e);
      }
    }
    return std::nullopt;
  };
  auto leave = [&] {
    scope.pop(open.back());
    open.pop_back();
  };

  pugi::xml_node node = root;
  if (auto e = enter(node)) return e;
  while (true) {
    if (auto child = detail::first_element(node)) {
      node = child;
    } else {
      while (true) {
        leave();
        if (node == root) return std::nullopt;
        if (auto sibling = detail::next_element(node)) {
          node = sibling;
          break;
        }
        node = node.parent();
      }
    }
    if (auto e = enter(node)) return e;
  }
}

// Builds the model. The first error sticks; later work is skipped.
class Parser {
 public:
  std::optional<ParseError> error;

  void root(const pugi::xml_node& e, ConferenceInfo& out) {
    ScopeGuard g(scope_, e);
    auto q = split_name(e.name());
    if (q.local != "conference-info" || ns_of(q) != ci_ns) {
      fail(errc::not_conference_info, e);
      return;
    }
    conference(e, out);
  }

 private:
  Scope scope_;

  void fail(errc code, const pugi::xml_node& at) {
    if (!error) error = error_at(code, at);
  }

  [[nodiscard]] std::string_view ns_of(QName q) const { return scope_.lookup(q.prefix).value_or(std::string_view{}); }

  // on_ours(local_name, child) for each child element in the conference-info namespace; children
  // from other namespaces go to `ext` where the type has an ##other wildcard (ext != nullptr);
  // anything else is skipped.
  template <class F>
  void each_child(const pugi::xml_node& parent, Extensions* ext, F&& on_ours) {
    for (auto c = parent.first_child(); c && !error; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      ScopeGuard g(scope_, c);
      auto q = split_name(c.name());
      auto ns = ns_of(q);
      if (ns == ci_ns) {
        on_ours(q.local, c);
      } else if (!ns.empty() && ext != nullptr) {
        ext->elements.push_back(capture(c));
      }
    }
  }

  // on_plain(name, value) for unprefixed attributes (the schema's own, all unqualified); prefixed
  // ones in another namespace are ##other and go to `ext`.
  template <class F>
  void each_attribute(const pugi::xml_node& e, Extensions& ext, F&& on_plain) {
    for (auto a = e.first_attribute(); a; a = a.next_attribute()) {
      auto q = split_name(a.name());
      if (detail::is_namespace_declaration(q)) continue;
      if (q.prefix.empty()) {
        on_plain(q.local, std::string_view(a.value()));
        continue;
      }
      auto ns = ns_of(q);
      if (ns.empty() || ns == ci_ns) continue;
      // Only "xml" may name the XML namespace, and serialise() writes it so.
      auto prefix = ns == detail::xml_namespace ? std::string_view("xml") : q.prefix;
      ext.attributes.push_back({std::string(prefix), std::string(ns), std::string(q.local), a.value()});
    }
  }
  void ext_attributes_only(const pugi::xml_node& e, Extensions& ext) {
    each_attribute(e, ext, [](std::string_view, std::string_view) {});
  }

  // One extension element as standalone XML: the declarations of the prefixes it uses that come
  // from its ancestors are copied onto it.
  std::string capture(const pugi::xml_node& e) {
    pugi::xml_document d;
    pugi::xml_node copy = d.append_copy(e);
    std::vector<std::string_view> used;
    auto note = [&used](std::string_view prefix) {
      if (prefix == "xml" || prefix == "xmlns") return;
      if (std::find(used.begin(), used.end(), prefix) == used.end()) used.push_back(prefix);
    };
    pugi::xml_node node = e;
    while (true) {
      note(split_name(node.name()).prefix);
      for (auto a = node.first_attribute(); a; a = a.next_attribute()) {
        auto q = split_name(a.name());
        if (!detail::is_namespace_declaration(q) && !q.prefix.empty()) note(q.prefix);
      }
      if (auto child = detail::first_element(node)) {
        node = child;
        continue;
      }
      while (node != e && !detail::next_element(node)) node = node.parent();
      if (node == e) break;
      node = detail::next_element(node);
    }
    for (auto prefix : used) {
      std::string attr = prefix.empty() ? std::string("xmlns") : fmt::format("xmlns:{}", prefix);
      if (copy.attribute(attr.c_str())) continue;
      auto uri = scope_.lookup(prefix);
      if (!uri) continue;  // declared deeper inside the subtree, where it is used
      copy.append_attribute(attr.c_str()).set_value(std::string(*uri).c_str());
    }
    detail::StringWriter w;
    d.save(w, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
    // pugixml writes a carriage return in text unescaped, and reading it back turns it into a line
    // feed (XML 1.0 s2.11); settle on the line feed now so the text is stable across round trips.
    std::replace(w.out.begin(), w.out.end(), '\r', '\n');
    return std::move(w.out);
  }

  // The character data of a simple element (text and CDATA sections, concatenated).
  static std::string text(const pugi::xml_node& e) {
    std::string out;
    for (auto c = e.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
    }
    // Same reason as in capture(): only &#13; leaves a carriage return after line-end handling.
    std::replace(out.begin(), out.end(), '\r', '\n');
    return out;
  }

  void state_attribute(const pugi::xml_node& e, std::string_view value, ElementState& out) {
    if (auto s = from_string<ElementState>(trim(value))) {
      out = *s;
    } else {
      fail(errc::invalid_value, e);
    }
  }

  template <class E>
  void enum_element(const pugi::xml_node& e, std::optional<E>& out) {
    if (auto v = from_string<E>(trim(text(e)))) {
      out = *v;
    } else {
      fail(errc::invalid_value, e);
    }
  }

  void uint_element(const pugi::xml_node& e, std::optional<std::uint32_t>& out) {
    if (auto v = to_uint32(text(e))) {
      out = *v;
    } else {
      fail(errc::invalid_value, e);
    }
  }

  void bool_element(const pugi::xml_node& e, std::optional<bool>& out) {
    if (auto v = to_bool(text(e))) {
      out = *v;
    } else {
      fail(errc::invalid_value, e);
    }
  }

  // s4.5: a key MUST be unique among siblings of the same type.
  template <class T, class Key>
  void check_unique(const pugi::xml_node& parent, const std::vector<T>& rows, Key key) {
    std::unordered_set<std::string_view> seen;
    seen.reserve(rows.size());
    for (const auto& r : rows) {
      if (!seen.insert(key(r)).second) {
        fail(errc::duplicate_key, parent);
        return;
      }
    }
  }

  void conference(const pugi::xml_node& e, ConferenceInfo& out) {
    bool has_entity = false;
    each_attribute(e, out.ext, [&](std::string_view name, std::string_view value) {
      if (name == "entity") {
        out.entity = value;
        has_entity = true;
      } else if (name == "state") {
        state_attribute(e, value, out.state);
      } else if (name == "version") {
        if (auto v = to_uint32(value)) {
          out.version = *v;
        } else {
          fail(errc::invalid_value, e);
        }
      }
    });
    if (!has_entity) fail(errc::missing_required, e);
    each_child(e, &out.ext, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "conference-description") {
        description(c, out.description.emplace());
      } else if (name == "host-info") {
        host(c, out.host_info.emplace());
      } else if (name == "conference-state") {
        conference_state(c, out.conference_state.emplace());
      } else if (name == "users") {
        users(c, out.users.emplace());
      } else if (name == "sidebars-by-ref") {
        uris(c, out.sidebars_by_ref.emplace());
      } else if (name == "sidebars-by-val") {
        sidebars_by_val(c, out.sidebars_by_val.emplace());
      }
    });
  }

  void execution(const pugi::xml_node& e, Execution& out) {
    ext_attributes_only(e, out.ext);
    each_child(e, nullptr, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "when") {
        out.when = text(c);
      } else if (name == "reason") {
        out.reason = text(c);
      } else if (name == "by") {
        out.by = text(c);
      }
    });
  }

  void uris(const pugi::xml_node& e, Uris& out) {
    each_attribute(e, out.ext, [&](std::string_view name, std::string_view value) {
      if (name == "state") state_attribute(e, value, out.state);
    });
    each_child(e, nullptr, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "entry") uri_entry(c, out.entries.emplace_back());
    });
    check_unique(e, out.entries, [](const UriEntry& u) -> std::string_view { return u.uri; });
  }

  void uri_entry(const pugi::xml_node& e, UriEntry& out) {
    ext_attributes_only(e, out.ext);
    bool has_uri = false;
    each_child(e, &out.ext, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "uri") {
        out.uri = text(c);
        has_uri = true;
      } else if (name == "display-text") {
        out.display_text = text(c);
      } else if (name == "purpose") {
        out.purpose = text(c);
      } else if (name == "modified") {
        execution(c, out.modified.emplace());
      }
    });
    if (!has_uri) fail(errc::missing_required, e);
  }

  void description(const pugi::xml_node& e, ConferenceDescription& out) {
    ext_attributes_only(e, out.ext);
    each_child(e, &out.ext, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "display-text") {
        out.display_text = text(c);
      } else if (name == "subject") {
        out.subject = text(c);
      } else if (name == "free-text") {
        out.free_text = text(c);
      } else if (name == "keywords") {
        out.keywords = split_list(text(c));
      } else if (name == "conf-uris") {
        uris(c, out.conf_uris.emplace());
      } else if (name == "service-uris") {
        uris(c, out.service_uris.emplace());
      } else if (name == "maximum-user-count") {
        uint_element(c, out.maximum_user_count);
      } else if (name == "available-media") {
        conference_media(c, out.available_media.emplace());
      }
    });
  }

  void conference_media(const pugi::xml_node& e, ConferenceMedia& out) {
    ext_attributes_only(e, out.ext);
    each_child(e, nullptr, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "entry") conference_medium(c, out.entries.emplace_back());
    });
  }

  void conference_medium(const pugi::xml_node& e, ConferenceMedium& out) {
    bool has_label = false;
    bool has_type = false;
    each_attribute(e, out.ext, [&](std::string_view name, std::string_view value) {
      if (name == "label") {
        out.label = value;
        has_label = true;
      }
    });
    each_child(e, &out.ext, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "display-text") {
        out.display_text = text(c);
      } else if (name == "type") {
        out.type = text(c);
        has_type = true;
      } else if (name == "status") {
        enum_element(c, out.status);
      }
    });
    if (!has_label || !has_type) fail(errc::missing_required, e);
  }

  void host(const pugi::xml_node& e, HostInfo& out) {
    ext_attributes_only(e, out.ext);
    each_child(e, &out.ext, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "display-text") {
        out.display_text = text(c);
      } else if (name == "web-page") {
        out.web_page = text(c);
      } else if (name == "uris") {
        uris(c, out.uris.emplace());
      }
    });
  }

  void conference_state(const pugi::xml_node& e, ConferenceState& out) {
    ext_attributes_only(e, out.ext);
    each_child(e, &out.ext, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "user-count") {
        uint_element(c, out.user_count);
      } else if (name == "active") {
        bool_element(c, out.active);
      } else if (name == "locked") {
        bool_element(c, out.locked);
      }
    });
  }

  // user and endpoint rows: the 'entity' key (s4.5) and the 'state' of s4.4.
  template <class Row>
  void keyed_row_attributes(const pugi::xml_node& e, Row& out) {
    each_attribute(e, out.ext, [&](std::string_view name, std::string_view value) {
      if (name == "entity") {
        out.entity = value;
      } else if (name == "state") {
        state_attribute(e, value, out.state);
      }
    });
  }

  void users(const pugi::xml_node& e, Users& out) {
    each_attribute(e, out.ext, [&](std::string_view name, std::string_view value) {
      if (name == "state") state_attribute(e, value, out.state);
    });
    each_child(e, &out.ext, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "user") user(c, out.users.emplace_back());
    });
    check_unique(e, out.users, [](const User& u) -> std::string_view { return u.entity; });
  }

  void user(const pugi::xml_node& e, User& out) {
    keyed_row_attributes(e, out);
    each_child(e, &out.ext, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "display-text") {
        out.display_text = text(c);
      } else if (name == "associated-aors") {
        uris(c, out.associated_aors.emplace());
      } else if (name == "roles") {
        roles(c, out.roles.emplace());
      } else if (name == "languages") {
        out.languages = split_list(text(c));
      } else if (name == "cascaded-focus") {
        out.cascaded_focus = text(c);
      } else if (name == "endpoint") {
        endpoint(c, out.endpoints.emplace_back());
      }
    });
    check_unique(e, out.endpoints, [](const Endpoint& p) -> std::string_view { return p.entity; });
  }

  void roles(const pugi::xml_node& e, UserRoles& out) {
    ext_attributes_only(e, out.ext);
    each_child(e, nullptr, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "entry") out.entries.push_back(text(c));
    });
  }

  void endpoint(const pugi::xml_node& e, Endpoint& out) {
    keyed_row_attributes(e, out);
    each_child(e, &out.ext, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "display-text") {
        out.display_text = text(c);
      } else if (name == "referred") {
        execution(c, out.referred.emplace());
      } else if (name == "status") {
        enum_element(c, out.status);
      } else if (name == "joining-method") {
        enum_element(c, out.joining_method);
      } else if (name == "joining-info") {
        execution(c, out.joining_info.emplace());
      } else if (name == "disconnection-method") {
        enum_element(c, out.disconnection_method);
      } else if (name == "disconnection-info") {
        execution(c, out.disconnection_info.emplace());
      } else if (name == "media") {
        media(c, out.media.emplace_back());
      } else if (name == "call-info") {
        call_info(c, out.call_info.emplace());
      }
    });
    check_unique(e, out.media, [](const Media& m) -> std::string_view { return m.id; });
  }

  void media(const pugi::xml_node& e, Media& out) {
    bool has_id = false;
    each_attribute(e, out.ext, [&](std::string_view name, std::string_view value) {
      if (name == "id") {
        out.id = value;
        has_id = true;
      }
    });
    if (!has_id) fail(errc::missing_required, e);
    each_child(e, &out.ext, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "display-text") {
        out.display_text = text(c);
      } else if (name == "type") {
        out.type = text(c);
      } else if (name == "label") {
        out.label = text(c);
      } else if (name == "src-id") {
        out.src_id = text(c);
      } else if (name == "status") {
        enum_element(c, out.status);
      }
    });
  }

  void call_info(const pugi::xml_node& e, CallInfo& out) {
    ext_attributes_only(e, out.ext);
    each_child(e, &out.ext, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "sip") sip_dialog_id(c, out.sip.emplace());
    });
  }

  void sip_dialog_id(const pugi::xml_node& e, SipDialogId& out) {
    ext_attributes_only(e, out.ext);
    bool call_id = false;
    bool from_tag = false;
    bool to_tag = false;
    each_child(e, &out.ext, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "display-text") {
        out.display_text = text(c);
      } else if (name == "call-id") {
        out.call_id = text(c);
        call_id = true;
      } else if (name == "from-tag") {
        out.from_tag = text(c);
        from_tag = true;
      } else if (name == "to-tag") {
        out.to_tag = text(c);
        to_tag = true;
      }
    });
    if (!call_id || !from_tag || !to_tag) fail(errc::missing_required, e);
  }

  void sidebars_by_val(const pugi::xml_node& e, SidebarsByVal& out) {
    each_attribute(e, out.ext, [&](std::string_view name, std::string_view value) {
      if (name == "state") state_attribute(e, value, out.state);
    });
    each_child(e, nullptr, [&](std::string_view name, const pugi::xml_node& c) {
      if (name == "entry") conference(c, out.entries.emplace_back());
    });
    check_unique(e, out.entries, [](const ConferenceInfo& c) -> std::string_view { return c.entity; });
  }
};

}  // namespace

base::result<ConferenceInfo, ParseError> parse(std::string_view xml, const Limits& limits) {
  if (xml.size() > limits.max_document_size) {
    return base::failure{ParseError{errc::too_large, {}, limits.max_document_size}};
  }
  if (auto problem = check_xml_text(xml)) return base::failure{ParseError{problem->code, {}, problem->offset}};

  pugi::xml_document doc;
  auto loaded =
      doc.load_buffer(xml.data(), xml.size(), detail::parse_options | pugi::parse_doctype, pugi::encoding_utf8);
  if (!loaded) {
    // pugixml may point one past the end when the input stops early.
    auto at = std::min(static_cast<std::size_t>(std::max<std::ptrdiff_t>(loaded.offset, 0)), xml.size());
    return base::failure{ParseError{errc::malformed_xml, {}, at}};
  }
  pugi::xml_node root;
  for (auto n = doc.first_child(); n; n = n.next_sibling()) {
    switch (n.type()) {
      case pugi::node_element:
        if (root) return base::failure{error_at(errc::malformed_xml, n)};
        root = n;
        break;
      case pugi::node_doctype: return base::failure{error_at(errc::dtd_not_supported, n)};
      case pugi::node_pcdata:
      case pugi::node_cdata: return base::failure{error_at(errc::malformed_xml, n)};
      default: break;
    }
  }
  if (!root) return base::failure{ParseError{errc::malformed_xml, {}, 0}};
  if (auto e = check_tree(root, limits)) return base::failure{std::move(*e)};

  Parser parser;
  ConferenceInfo out;
  parser.root(root, out);
  if (parser.error) return base::failure{std::move(*parser.error)};
  return out;
}

base::result<ConferenceInfo, ParseError> parse(base::BytesView xml, const Limits& limits) {
  return parse(std::string_view(reinterpret_cast<const char*>(xml.data()), xml.size()), limits);
}

}  // namespace disco::conference
