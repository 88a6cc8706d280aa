// write_overlay_config: one <configuration>, every field written, in the order of the RFC's example
// document (s11.1).

#include <pugixml.hpp>
#include <sstream>

#include "libcommon/overlay/config/base64.hpp"
#include "libcommon/overlay/config/iana_kinds.hpp"
#include "libcommon/overlay/config/overlay_config.hpp"
#include "libcommon/overlay/config/xml_names.hpp"

namespace disco::overlay {

namespace {
std::string_view data_model_name(reload::msg::DataModel m) {
  switch (m) {
    case reload::msg::DataModel::single_value: return "SINGLE";
    case reload::msg::DataModel::array: return "ARRAY";
    case reload::msg::DataModel::dictionary: return "DICTIONARY";
  }
  return "SINGLE";
}

void text_element(pugi::xml_node parent, const char* name, std::string_view text) {
  parent.append_child(name).text().set(std::string(text).c_str());
}

template <class T>
void number_element(pugi::xml_node parent, const char* name, T value) {
  text_element(parent, name, std::to_string(value));
}

const char* boolean(bool b) { return b ? "true" : "false"; }
}  // namespace

std::string write_overlay_config(const OverlayConfig& c) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto root = doc.append_child("overlay");
  root.append_attribute("xmlns") = std::string(xml::ns_base).c_str();
  root.append_attribute("xmlns:chord") = std::string(xml::ns_chord).c_str();
  const bool named_private_kind = [&] {
    for (const auto& k : c.kinds)
      if (find_iana_kind(k.id) == nullptr && !k.name.empty()) return true;
    return false;
  }();
  if (named_private_kind) root.append_attribute("xmlns:disco") = std::string(xml::ns_disco).c_str();
  const bool shared_kind = [&] {
    for (const auto& k : c.kinds)
      if (k.variable_names || !k.name_patterns.empty()) return true;
    return false;
  }();
  if (shared_kind) root.append_attribute("xmlns:share") = std::string(xml::ns_share).c_str();

  auto conf = root.append_child("configuration");
  conf.append_attribute("instance-name") = c.instance_name.c_str();
  conf.append_attribute("sequence") = std::to_string(c.sequence).c_str();
  if (!c.expiration.empty()) conf.append_attribute("expiration") = c.expiration.c_str();

  text_element(conf, "topology-plugin", c.topology_plugin);
  number_element(conf, "node-id-length", c.node_id_length);
  for (const auto& der : c.root_certs) text_element(conf, "root-cert", "\n" + base64_encode(der, 64) + "\n");
  for (const auto& url : c.enrollment_servers) text_element(conf, "enrollment-server", url);
  if (c.self_signed_permitted) {
    auto s = conf.append_child("self-signed-permitted");
    s.append_attribute("digest") = c.self_signed_permitted->digest.c_str();
    s.text().set(boolean(c.self_signed_permitted->permitted));
  }
  for (const auto& b : c.bootstrap_nodes) {
    auto n = conf.append_child("bootstrap-node");
    n.append_attribute("address") = b.address.c_str();
    n.append_attribute("port") = std::to_string(b.port).c_str();
  }
  number_element(conf, "turn-density", unsigned{c.turn_density});
  text_element(conf, "clients-permitted", boolean(c.clients_permitted));
  text_element(conf, "no-ice", boolean(c.no_ice));
  number_element(conf, "chord:chord-update-interval", c.chord_update_interval_s);
  number_element(conf, "chord:chord-ping-interval", c.chord_ping_interval_s);
  text_element(conf, "chord:chord-reactive", boolean(c.chord_reactive));
  if (c.shared_secret) text_element(conf, "shared-secret", *c.shared_secret);
  number_element(conf, "max-message-size", c.max_message_size);
  number_element(conf, "initial-ttl", unsigned{c.initial_ttl});
  number_element(conf, "overlay-reliability-timer", c.overlay_reliability_timer_ms);
  for (const auto& p : c.overlay_link_protocols) text_element(conf, "overlay-link-protocol", p);
  for (const auto& s : c.configuration_signers) text_element(conf, "configuration-signer", s);
  for (const auto& s : c.kind_signers) text_element(conf, "kind-signer", s);
  for (const auto& s : c.bad_nodes) text_element(conf, "bad-node", s);
  for (const auto& s : c.mandatory_extensions) text_element(conf, "mandatory-extension", s);

  if (!c.kinds.empty()) {
    auto required = conf.append_child("required-kinds");
    for (const auto& k : c.kinds) {
      auto kind = required.append_child("kind-block").append_child("kind");
      const auto* iana = find_iana_kind(k.id);
      if (iana != nullptr)
        kind.append_attribute("name") = std::string(iana->name).c_str();
      else
        kind.append_attribute("id") = std::to_string(k.id).c_str();
      text_element(kind, "data-model", data_model_name(k.model));
      text_element(kind, "access-control", storage::to_string(k.policy));
      number_element(kind, "max-count", k.max_count);
      number_element(kind, "max-size", k.max_size);
      if (k.policy == storage::AccessPolicy::node_multiple)
        number_element(kind, "max-node-multiple", k.max_node_multiple);
      if (k.variable_names || !k.name_patterns.empty()) {  // RFC 8076 s5.3
        auto names = kind.append_child("share:variable-resource-names");
        names.append_attribute("enable") = boolean(k.variable_names);
        for (const auto& p : k.name_patterns) text_element(names, "share:pattern", p);
      }
      if (iana == nullptr && !k.name.empty()) text_element(kind, "disco:kind-name", k.name);
    }
  }

  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

}  // namespace disco::overlay
