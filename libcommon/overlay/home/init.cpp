// init_overlay_home: the CA, N node identities and the configuration document.

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "libcommon/overlay/home/file_io.hpp"
#include "libcommon/overlay/home/overlay_home.hpp"
#include "libcommon/security/certificate.hpp"
#include "libcommon/security/hash.hpp"
#include "libcommon/usages/disco/registration.hpp"

namespace disco::overlay {

namespace {
namespace fs = std::filesystem;
constexpr unsigned max_nodes = 1000;

std::string listen_string(const std::string& address, std::uint16_t port) {
  return address.find(':') != std::string::npos ? fmt::format("[{}]:{}", address, port)
                                                : fmt::format("{}:{}", address, port);
}

std::optional<std::string> check_options(const HomeOptions& o) {
  if (!security::is_valid_overlay_name(o.overlay))
    return fmt::format("overlay name \"{}\" is not a DNS name (RFC 6940 s6.3.2)", o.overlay);
  if (o.dir.empty()) return std::string("no directory given");
  if (o.nodes < 1 || o.nodes > max_nodes) return fmt::format("node count {} is not in 1..{}", o.nodes, max_nodes);
  if (o.base_port == 0 || std::uint32_t{o.base_port} + o.nodes - 1 > 65535)
    return fmt::format("ports {}..{} do not fit in 1..65535", o.base_port, std::uint32_t{o.base_port} + o.nodes - 1);
  if (o.bootstrap_count && (*o.bootstrap_count < 1 || *o.bootstrap_count > o.nodes))
    return fmt::format("bootstrap count {} is not in 1..{}", *o.bootstrap_count, o.nodes);
  if (o.cert_validity.count() <= 0) return std::string("certificate validity must be positive");
  // The configuration parser's checks on what we are about to write.
  OverlayConfig probe;
  probe.instance_name = o.overlay;
  probe.bootstrap_nodes = {{o.address, o.base_port}};
  if (auto r = parse_overlay_config(write_overlay_config(probe)); !r)
    return fmt::format("address \"{}\": {}", o.address, r.error());
  return std::nullopt;
}

storage::KindDefinition kind(reload::msg::KindId id, std::string name, reload::msg::DataModel model,
                             storage::AccessPolicy policy, std::uint32_t max_count, std::uint32_t max_size,
                             std::uint32_t max_node_multiple = 0) {
  storage::KindDefinition k;
  k.id = id;
  k.name = std::move(name);
  k.model = model;
  k.policy = policy;
  k.max_count = max_count;
  k.max_size = max_size;
  k.max_node_multiple = max_node_multiple;
  return k;
}

std::optional<std::string> write(const fs::path& path, std::string_view data, mode_t mode) {
  return write_file_atomic(path, data, mode);
}
}  // namespace

std::vector<storage::KindDefinition> home_kinds() {
  using reload::msg::DataModel;
  using storage::AccessPolicy;
  namespace kinds = reload::msg::kinds;
  // Limits are ours (the RFCs leave them to the configuration): a few devices per user, a few
  // certificate renewals, one TURN entry per slot, certificates up to 4 KiB.
  return {
      kind(kinds::sip_registration, "SIP-REGISTRATION", DataModel::dictionary, AccessPolicy::user_node_match, 100,
           1024),
      kind(kinds::turn_service, "TURN-SERVICE", DataModel::single_value, AccessPolicy::node_multiple, 1, 64, 20),
      kind(kinds::certificate_by_node, "CERTIFICATE_BY_NODE", DataModel::array, AccessPolicy::node_match, 16, 4096),
      kind(kinds::certificate_by_user, "CERTIFICATE_BY_USER", DataModel::array, AccessPolicy::user_match, 16, 4096),
      kind(disco_note_kind, "DISCO-NOTE", DataModel::dictionary, AccessPolicy::user_match, 1000, 4096),
      // RFC 8076 and DisCo (libcommon/usages/disco/README.md): conference names "<x>-conf-<user>@<domain>".
      discoreg::acl_kind(),
      discoreg::registration_kind(),
  };
}

base::result<HomeSummary, std::string> init_overlay_home(const HomeOptions& o) {
  if (auto e = check_options(o)) return base::failure{*e};
  const fs::path dir = o.dir;
  const fs::path config_path = dir / "overlay.xml";
  const fs::path ca_dir = dir / "ca";
  const fs::path nodes_dir = dir / "nodes";

  std::error_code ec;
  const bool exists = fs::exists(config_path, ec) || fs::exists(ca_dir, ec) || fs::exists(nodes_dir, ec);
  if (exists && !o.force)
    return base::failure{fmt::format("{} already holds an overlay home; use --force to replace it", dir.string())};
  if (exists) {
    for (const auto& p : {config_path, ca_dir, nodes_dir}) {
      fs::remove_all(p, ec);
      if (ec) return base::failure{fmt::format("cannot remove {}: {}", p.string(), ec.message())};
    }
  }
  const bool dir_existed = fs::exists(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) return base::failure{fmt::format("cannot create {}: {}", dir.string(), ec.message())};
  // A directory the user already had keeps its mode; ours are private.
  if (!dir_existed)
    if (auto e = make_private_dir(dir)) return base::failure{*e};
  for (const auto& d : {ca_dir, nodes_dir})
    if (auto e = make_private_dir(d)) return base::failure{*e};

  auto ca = security::EnrollmentCa::create(o.overlay + " enrollment CA", o.key_type);
  if (!ca) return base::failure{"cannot create the CA: " + ca.error().message()};
  if (auto e = write(ca_dir / "ca.key", ca->key().to_pem(), 0600)) return base::failure{*e};
  if (auto e = write(ca_dir / "ca.crt", ca->certificate().to_pem(), 0644)) return base::failure{*e};

  OverlayConfig config;
  config.instance_name = o.overlay;
  config.sequence = 1;
  config.root_certs = {ca->certificate().der()};
  config.no_ice = true;  // loopback and LAN overlays: direct TLS, no ICE (s6.6.1, s11.1 no-ice)
  config.max_message_size = o.max_message_size;
  // A home is for test and lab overlays: stabilise within a minute rather than the RFC's ten
  // (chord-update-interval 600 s, chord-ping-interval 3600 s are defaults, s10.7.4.2).
  config.chord_update_interval_s = 60;
  config.chord_ping_interval_s = 300;
  config.kinds = home_kinds();
  const unsigned bootstrap = o.bootstrap_count.value_or(std::min(o.nodes, 2u));

  HomeSummary summary;
  summary.dir = dir;
  summary.overlay = o.overlay;
  summary.config_path = config_path;
  summary.ca_cert_path = ca_dir / "ca.crt";
  std::set<reload::NodeId> used;
  for (unsigned i = 1; i <= o.nodes; ++i) {
    HomeNode node;
    node.index = i;
    do {
      node.node_id = security::random_node_id(config.node_id_length);
    } while (!used.insert(node.node_id).second);
    node.user = fmt::format("node-{}@{}", i, o.overlay);
    node.address = o.address;
    node.port = static_cast<std::uint16_t>(o.base_port + i - 1);
    node.bootstrap = i <= bootstrap;
    node.dir = nodes_dir / std::to_string(i);

    auto key = security::PrivateKey::generate(o.key_type);
    if (!key) return base::failure{fmt::format("node {}: cannot generate a key: {}", i, key.error().message())};
    security::NodeCertificateRequest req;
    req.public_key_der = key->public_key_der();
    req.user = node.user;
    req.node_ids = {node.node_id};
    req.overlay = o.overlay;
    req.validity = o.cert_validity;
    auto cert = ca->issue(req);
    if (!cert) return base::failure{fmt::format("node {}: cannot issue a certificate: {}", i, cert.error().message())};

    const nlohmann::ordered_json info = {{"index", i},
                                         {"node_id", node.node_id.to_hex()},
                                         {"user", node.user},
                                         {"listen", listen_string(node.address, node.port)}};
    if (auto e = make_private_dir(node.dir)) return base::failure{*e};
    if (auto e = write(node.dir / "key.pem", key->to_pem(), 0600)) return base::failure{*e};
    if (auto e = write(node.dir / "cert.pem", cert->to_pem(), 0644)) return base::failure{*e};
    if (auto e = write(node.dir / "node.json", info.dump(2) + "\n", 0644)) return base::failure{*e};
    if (node.bootstrap) config.bootstrap_nodes.push_back({node.address, node.port});
    summary.nodes.push_back(std::move(node));
  }
  // Last, so that a home with an overlay.xml is a complete one.
  if (auto e = write(config_path, write_overlay_config(config), 0644)) return base::failure{*e};
  return summary;
}

}  // namespace disco::overlay
