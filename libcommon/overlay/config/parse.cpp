// parse_overlay_config: RFC 6940 s11.1 over pugixml, with namespaces resolved by hand (pugixml
// keeps prefixes as written).

#include <arpa/inet.h>
#include <fmt/format.h>

#include <charconv>
#include <limits>
#include <pugixml.hpp>
#include <set>

#include "libcommon/overlay/config/base64.hpp"
#include "libcommon/overlay/config/iana_kinds.hpp"
#include "libcommon/overlay/config/overlay_config.hpp"
#include "libcommon/overlay/config/xml_names.hpp"
#include "libcommon/security/certificate.hpp"

namespace disco::overlay {

namespace {

// Bounds on hostile documents beyond the byte size: far above any real overlay's needs.
constexpr std::size_t max_root_certs = 64;
constexpr std::size_t max_list_entries = 4096;            // bootstrap nodes, kinds, signers, bad nodes...
constexpr std::size_t max_text = std::size_t{64} * 1024;  // one element's text

struct ParseError {
  std::string message;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// The namespace URI an element's prefix (or lack of one) is bound to, from the xmlns attributes in
// scope. Empty: no default namespace. Throws on an undeclared prefix.
std::string_view namespace_of(pugi::xml_node node, std::string_view qname) {
  const auto colon = qname.find(':');
  const std::string attr =
      colon == std::string_view::npos ? std::string("xmlns") : "xmlns:" + std::string(qname.substr(0, colon));
  for (auto n = node; n; n = n.parent()) {
    if (n.type() != pugi::node_element) continue;
    if (auto a = n.attribute(attr.c_str())) return a.value();
  }
  if (colon == std::string_view::npos) return {};
  throw ParseError{fmt::format("<{}>: namespace prefix \"{}\" is not declared", qname, qname.substr(0, colon))};
}

struct Name {
  std::string_view ns;
  std::string_view local;
  bool is(std::string_view n, std::string_view l) const { return ns == n && local == l; }
};

Name name_of(pugi::xml_node node) {
  const std::string_view qname = node.name();
  const auto colon = qname.find(':');
  return {namespace_of(node, qname), colon == std::string_view::npos ? qname : qname.substr(colon + 1)};
}

// All character data of an element; child elements are an error (every element we read is text).
std::string text_of(pugi::xml_node node) {
  std::string out;
  for (auto c : node.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out += c.value();
    } else if (c.type() == pugi::node_element) {
      throw ParseError{fmt::format("<{}>: expected text, found element <{}>", node.name(), c.name())};
    }
  }
  if (out.size() > max_text) throw ParseError{fmt::format("<{}>: text longer than {} bytes", node.name(), max_text)};
  return out;
}

std::string trimmed_text(pugi::xml_node node) { return std::string(trim(text_of(node))); }

template <class T>
T parse_uint(std::string_view what, std::string_view raw, T min, T max) {
  auto s = trim(raw);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  std::uint64_t v = 0;
  const auto* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, v);
  if (s.empty() || ec != std::errc{} || ptr != end || v < min || v > max)
    throw ParseError{
        fmt::format("{}: \"{}\" is not an integer in {}..{}", what, raw, std::uint64_t{min}, std::uint64_t{max})};
  return static_cast<T>(v);
}

// xsd:boolean: "true", "1", "false", "0", surrounding white space collapsed.
bool parse_bool(std::string_view what, std::string_view raw) {
  const auto s = trim(raw);
  if (s == "true" || s == "1") return true;
  if (s == "false" || s == "0") return false;
  throw ParseError{fmt::format("{}: \"{}\" is not a boolean (true, false, 1, 0)", what, raw)};
}

std::string element(std::string_view local) { return fmt::format("<{}>", local); }

void check_count(std::size_t n, std::size_t max, std::string_view what) {
  if (n >= max) throw ParseError{fmt::format("{}: more than {} entries", what, max)};
}

bool is_ip_literal(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

reload::msg::DataModel parse_data_model(std::string_view raw) {
  const auto s = trim(raw);
  if (s == "SINGLE") return reload::msg::DataModel::single_value;
  if (s == "ARRAY") return reload::msg::DataModel::array;
  if (s == "DICTIONARY") return reload::msg::DataModel::dictionary;
  throw ParseError{fmt::format("<data-model>: \"{}\" is not SINGLE, ARRAY or DICTIONARY", raw)};
}

// RFC 8076 s5.3: <share:variable-resource-names enable="xsd:boolean"> <share:pattern>* </...>.
// Patterns are kept as written (trimmed); one that does not meet s5.3 matches nothing at store time
// (s5.3: names are then restricted to the user name), so it is not an error here.
void parse_variable_names(pugi::xml_node node, const std::string& label, storage::KindDefinition& k) {
  const auto what = fmt::format("{} <share:variable-resource-names>", label);
  if (k.variable_names || !k.name_patterns.empty()) throw ParseError{fmt::format("{}: appears more than once", what)};
  const auto enable = node.attribute("enable");
  k.variable_names = enable ? parse_bool(what + " enable", enable.value()) : false;
  for (auto p : node.children()) {
    if (p.type() != pugi::node_element) continue;
    if (!name_of(p).is(xml::ns_share, "pattern")) continue;
    check_count(k.name_patterns.size(), 64, what);
    k.name_patterns.push_back(trimmed_text(p));
  }
  if (k.variable_names && k.name_patterns.empty())
    throw ParseError{fmt::format("{}: enable=\"true\" needs at least one <share:pattern> (RFC 8076 s5.3)", what)};
}

storage::KindDefinition parse_kind(pugi::xml_node kind) {
  storage::KindDefinition k;
  const auto name_attr = kind.attribute("name");
  const auto id_attr = kind.attribute("id");
  if (static_cast<bool>(name_attr) == static_cast<bool>(id_attr))
    throw ParseError{"<kind>: needs exactly one of the attributes name and id"};
  const IanaKind* iana = nullptr;
  if (name_attr) {
    iana = find_iana_kind(trim(name_attr.value()));
    if (iana == nullptr)
      throw ParseError{fmt::format("<kind name=\"{}\">: not a kind this implementation supports", name_attr.value())};
  } else {
    k.id = parse_uint<std::uint32_t>("<kind id>", id_attr.value(), 1, std::numeric_limits<std::uint32_t>::max());
    iana = find_iana_kind(k.id);
  }
  const std::string label = name_attr ? fmt::format("<kind name=\"{}\">", name_attr.value())
                                      : fmt::format("<kind id=\"{}\">", id_attr.value());

  std::set<std::string_view> seen;
  std::optional<reload::msg::DataModel> model;
  std::optional<storage::AccessPolicy> policy;
  std::optional<std::uint32_t> max_count, max_size, max_node_multiple;
  constexpr auto max_int = static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max());
  for (auto child : kind.children()) {
    if (child.type() != pugi::node_element) continue;
    const auto n = name_of(child);
    if (n.ns == xml::ns_disco && n.local == "kind-name") {
      k.name = trimmed_text(child);
      continue;
    }
    if (n.ns == xml::ns_share && n.local == "variable-resource-names") {
      parse_variable_names(child, label, k);
      continue;
    }
    if (n.ns != xml::ns_base) continue;  // foreign kind-parameters (RFC 7904...) are ignored
    if (!seen.insert(n.local).second) throw ParseError{fmt::format("{}: <{}> appears more than once", label, n.local)};
    const auto what = fmt::format("{} <{}>", label, n.local);
    if (n.local == "data-model") {
      model = parse_data_model(text_of(child));
    } else if (n.local == "access-control") {
      const auto text = trimmed_text(child);
      policy = storage::access_policy_from(text);
      if (!policy) throw ParseError{fmt::format("{}: access control \"{}\" is not supported", what, text)};
    } else if (n.local == "max-count") {
      max_count = parse_uint<std::uint32_t>(what, text_of(child), 0, max_int);
    } else if (n.local == "max-size") {
      max_size = parse_uint<std::uint32_t>(what, text_of(child), 0, max_int);
    } else if (n.local == "max-node-multiple") {
      max_node_multiple = parse_uint<std::uint32_t>(what, text_of(child), 1, max_int);
    }
  }
  // s11.1: "the kind element MUST contain" these four.
  if (!model) throw ParseError{fmt::format("{}: <data-model> is missing", label)};
  if (!policy) throw ParseError{fmt::format("{}: <access-control> is missing", label)};
  if (!max_count) throw ParseError{fmt::format("{}: <max-count> is missing", label)};
  if (!max_size) throw ParseError{fmt::format("{}: <max-size> is missing", label)};
  if (iana != nullptr) {
    // s11.1: for IANA kinds clients MUST ignore data-model and access-control in favour of IANA's.
    k.id = iana->id;
    k.name = std::string(iana->name);
    model = iana->model;
    policy = iana->policy;
  }
  k.model = *model;
  k.policy = *policy;
  k.max_count = *max_count;
  k.max_size = *max_size;
  if (k.policy == storage::AccessPolicy::node_multiple) {
    if (!max_node_multiple) throw ParseError{fmt::format("{}: NODE-MULTIPLE needs <max-node-multiple> (s11.1)", label)};
    k.max_node_multiple = *max_node_multiple;
  }
  return k;
}

void parse_required_kinds(pugi::xml_node node, OverlayConfig& c) {
  for (auto block : node.children()) {
    if (block.type() != pugi::node_element || !name_of(block).is(xml::ns_base, "kind-block")) continue;
    pugi::xml_node kind;
    for (auto child : block.children()) {
      if (child.type() != pugi::node_element || !name_of(child).is(xml::ns_base, "kind")) continue;
      if (kind) throw ParseError{"<kind-block>: more than one <kind>"};
      kind = child;
    }
    if (!kind) throw ParseError{"<kind-block>: no <kind>"};
    check_count(c.kinds.size(), max_list_entries, "<required-kinds>");
    auto k = parse_kind(kind);
    for (const auto& other : c.kinds)
      if (other.id == k.id) throw ParseError{fmt::format("<required-kinds>: kind {} is defined twice", k.id)};
    c.kinds.push_back(std::move(k));
  }
}

void parse_configuration(pugi::xml_node conf, OverlayConfig& c) {
  c.instance_name = std::string(trim(conf.attribute("instance-name").value()));
  if (c.instance_name.empty()) throw ParseError{"<configuration>: the instance-name attribute is missing"};
  if (!security::is_valid_overlay_name(c.instance_name))
    throw ParseError{fmt::format("<configuration instance-name=\"{}\">: not a DNS name (s6.3.2)", c.instance_name)};
  if (auto a = conf.attribute("sequence"))
    c.sequence = parse_uint<std::uint16_t>("<configuration sequence>", a.value(), 0, 65534);
  if (auto a = conf.attribute("expiration")) {
    c.expiration = std::string(trim(a.value()));
    if (!parse_rfc3339(c.expiration))
      throw ParseError{fmt::format("<configuration expiration=\"{}\">: not an RFC 3339 date-time", a.value())};
  }

  std::set<std::string> seen;
  bool link_protocols_given = false;
  for (auto child : conf.children()) {
    if (child.type() != pugi::node_element) continue;
    const auto n = name_of(child);
    const auto what = element(n.local);
    const auto once = [&] {
      if (!seen.insert(std::string(n.ns) + " " + std::string(n.local)).second)
        throw ParseError{fmt::format("{} appears more than once", what)};
    };
    if (n.ns == xml::ns_chord) {
      if (n.local == "chord-update-interval") {
        once();
        c.chord_update_interval_s =
            parse_uint<std::uint32_t>("<chord:chord-update-interval>", text_of(child), 1, 0x7fffffff);
      } else if (n.local == "chord-ping-interval") {
        once();
        c.chord_ping_interval_s =
            parse_uint<std::uint32_t>("<chord:chord-ping-interval>", text_of(child), 1, 0x7fffffff);
      } else if (n.local == "chord-reactive") {
        once();
        c.chord_reactive = parse_bool("<chord:chord-reactive>", text_of(child));
      }
      continue;
    }
    if (n.ns != xml::ns_base) continue;  // foreign elements (s11.1.1 foreign-elements) are ignored
    const auto& l = n.local;
    if (l == "topology-plugin" || l == "topology-plug-in") {
      once();
      c.topology_plugin = trimmed_text(child);
      if (c.topology_plugin.empty()) throw ParseError{fmt::format("{}: empty", what)};
    } else if (l == "node-id-length") {
      once();
      c.node_id_length = parse_uint<std::size_t>(what, text_of(child), 16, 20);
    } else if (l == "root-cert") {
      check_count(c.root_certs.size(), max_root_certs, what);
      auto der = base64_decode(text_of(child));
      if (!der || der->empty())
        throw ParseError{fmt::format("{} number {}: not base64", what, c.root_certs.size() + 1)};
      c.root_certs.push_back(std::move(*der));
    } else if (l == "enrollment-server") {
      check_count(c.enrollment_servers.size(), max_list_entries, what);
      c.enrollment_servers.push_back(trimmed_text(child));
    } else if (l == "self-signed-permitted") {
      once();
      SelfSignedPermitted s;
      s.permitted = parse_bool(what, text_of(child));
      if (auto d = child.attribute("digest")) s.digest = std::string(trim(d.value()));
      c.self_signed_permitted = s;
    } else if (l == "bootstrap-node") {
      check_count(c.bootstrap_nodes.size(), max_list_entries, what);
      BootstrapNode b;
      b.address = std::string(trim(child.attribute("address").value()));
      if (!is_ip_literal(b.address))
        throw ParseError{fmt::format("<bootstrap-node address=\"{}\">: not an IPv4 or IPv6 address",
                                     child.attribute("address").value())};
      if (auto p = child.attribute("port"))
        b.port = parse_uint<std::uint16_t>("<bootstrap-node port>", p.value(), 1, 65535);
      c.bootstrap_nodes.push_back(std::move(b));
    } else if (l == "turn-density") {
      once();
      c.turn_density = parse_uint<std::uint8_t>(what, text_of(child), 0, 255);
    } else if (l == "clients-permitted") {
      once();
      c.clients_permitted = parse_bool(what, text_of(child));
    } else if (l == "no-ice") {
      once();
      c.no_ice = parse_bool(what, text_of(child));
    } else if (l == "shared-secret") {
      once();
      c.shared_secret = trimmed_text(child);
    } else if (l == "max-message-size") {
      once();
      c.max_message_size = parse_uint<std::uint32_t>(what, text_of(child), 1, 0xffffffff);
    } else if (l == "initial-ttl") {
      once();
      c.initial_ttl = parse_uint<std::uint8_t>(what, text_of(child), 1, 255);
    } else if (l == "overlay-reliability-timer") {
      once();
      c.overlay_reliability_timer_ms = parse_uint<std::uint32_t>(what, text_of(child), 200, 0x7fffffff);
    } else if (l == "overlay-link-protocol") {
      if (!link_protocols_given) c.overlay_link_protocols.clear();
      link_protocols_given = true;
      check_count(c.overlay_link_protocols.size(), max_list_entries, what);
      c.overlay_link_protocols.push_back(trimmed_text(child));
    } else if (l == "configuration-signer" || l == "kind-signer" || l == "bad-node") {
      auto& list = l == "configuration-signer" ? c.configuration_signers
                   : l == "kind-signer"        ? c.kind_signers
                                               : c.bad_nodes;
      check_count(list.size(), max_list_entries, what);
      auto hex = trimmed_text(child);
      if (hex.empty() || !base::from_hex(hex)) throw ParseError{fmt::format("{}: \"{}\" is not hex", what, hex)};
      list.push_back(std::move(hex));
    } else if (l == "mandatory-extension") {
      check_count(c.mandatory_extensions.size(), max_list_entries, what);
      c.mandatory_extensions.push_back(trimmed_text(child));
    } else if (l == "required-kinds") {
      once();
      parse_required_kinds(child, c);
    }
    // Other elements of the base namespace (a later revision's) are ignored, like foreign ones.
  }
}

}  // namespace

base::result<OverlayConfig, std::string> parse_overlay_config(std::string_view xml, std::string_view instance_name) {
  if (xml.size() > max_config_document_size)
    return base::failure{fmt::format("configuration document larger than {} bytes", max_config_document_size)};
  pugi::xml_document doc;
  const auto parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_doctype, pugi::encoding_utf8);
  if (!parsed)
    return base::failure{fmt::format("not well-formed XML at byte {}: {}", parsed.offset, parsed.description())};
  try {
    pugi::xml_node root;
    for (auto n : doc.children()) {
      // pugixml does not expand a DTD's entities; refusing one is clearer than misreading it.
      if (n.type() == pugi::node_doctype) throw ParseError{"a DOCTYPE is not allowed"};
      if (n.type() == pugi::node_element) root = n;
    }
    if (!root || !name_of(root).is(xml::ns_base, "overlay"))
      throw ParseError{fmt::format("the root element must be <overlay> in {}", xml::ns_base)};
    std::size_t seen = 0;
    for (auto conf : root.children()) {
      if (conf.type() != pugi::node_element || !name_of(conf).is(xml::ns_base, "configuration")) continue;
      ++seen;
      const auto name = trim(conf.attribute("instance-name").value());
      if (!instance_name.empty() && name != instance_name) continue;
      OverlayConfig c;
      parse_configuration(conf, c);
      return c;
    }
    if (seen == 0) throw ParseError{"<overlay>: no <configuration>"};
    throw ParseError{fmt::format("<overlay>: no <configuration instance-name=\"{}\">", instance_name)};
  } catch (const ParseError& e) {
    return base::failure{e.message};
  }
}

}  // namespace disco::overlay
