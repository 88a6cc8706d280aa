// What other layers need from a configuration: the kind registry, the codec context and the
// verifier's options.

#include "libcommon/overlay/config/iana_kinds.hpp"
#include "libcommon/overlay/config/overlay_config.hpp"

namespace disco::overlay {

std::vector<storage::KindDefinition> iana_kinds() {
  std::vector<storage::KindDefinition> out;
  for (const auto& k : supported_iana_kinds()) {
    storage::KindDefinition d;
    d.id = k.id;
    d.name = std::string(k.name);
    d.model = k.model;
    d.policy = k.policy;
    d.max_node_multiple = k.max_node_multiple;
    out.push_back(std::move(d));
  }
  return out;
}

storage::KindRegistry kind_registry(const OverlayConfig& config) {
  storage::KindRegistry r;
  for (auto& k : iana_kinds()) r.add(std::move(k));
  for (const auto& k : config.kinds) r.add(k);
  return r;
}

reload::msg::CodecContext codec_context(const OverlayConfig& config) {
  reload::msg::CodecContext ctx;
  ctx.node_id_length = config.node_id_length;
  ctx.limits.max_message_size = config.max_message_size;
  ctx.kinds = kind_registry(config).kind_table();
  return ctx;
}

security::VerifierOptions verifier_options(const OverlayConfig& config) {
  security::VerifierOptions o;
  o.root_certs = config.root_certs;
  o.overlay = config.instance_name;
  o.node_id_length = config.node_id_length;
  for (const auto& hex : config.bad_nodes)
    if (auto id = reload::NodeId::from_hex(hex)) o.bad_nodes.push_back(*id);
  return o;
}

std::optional<std::chrono::system_clock::time_point> expiration_time(const OverlayConfig& config) {
  if (config.expiration.empty()) return std::nullopt;
  return parse_rfc3339(config.expiration);
}

}  // namespace disco::overlay
