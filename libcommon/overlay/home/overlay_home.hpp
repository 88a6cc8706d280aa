#pragma once
// The self-contained overlay home that `reload-node init` makes (DESIGN.md "Overlay home"): an
// enrollment CA (RFC 6940 s11.3), the configuration document (s11.1) and N node identities, laid
// out as
//   DIR/overlay.xml                       configuration (root-cert = the CA, bootstrap-node = nodes 1..B)
//   DIR/ca/ca.key (0600)  DIR/ca/ca.crt   the CA's key and certificate, PEM
//   DIR/nodes/<i>/key.pem (0600) cert.pem node.json
// Directories are 0700. An operator's own CA can fill the same layout.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libcommon/base/result.hpp"
#include "libcommon/overlay/config/overlay_config.hpp"
#include "libcommon/reload/ids/node_id.hpp"
#include "libcommon/security/enrollment_ca.hpp"
#include "libcommon/security/openssl_signer.hpp"
#include "libcommon/security/openssl_verifier.hpp"
#include "libcommon/security/private_key.hpp"

namespace disco::overlay {

// The private kind operators store into: a dictionary per user name (USER-MATCH), Kind-ID from the
// private range (s14.6), defined only in the configuration.
inline constexpr reload::msg::KindId disco_note_kind = 0xF0000001;

struct HomeOptions {
  std::string overlay;  // instance-name: a DNS name
  std::filesystem::path dir;
  unsigned nodes = 1;                       // 1..1000
  std::string address = "127.0.0.1";        // an IPv4 or IPv6 literal every node listens on
  std::uint16_t base_port = default_port;   // node i listens on base_port + i - 1
  std::optional<unsigned> bootstrap_count;  // nodes 1..B are bootstrap nodes; default min(nodes, 2)
  security::KeyType key_type = security::KeyType::rsa;
  bool force = false;  // replace an existing home (its overlay.xml, ca/ and nodes/ only)
  std::chrono::seconds cert_validity = security::default_node_validity;
  // Above the RFC's 5000-byte default so that a DISCO-NOTE value of max-size (4096) fits in a
  // StoreReq together with a certificate and two signatures.
  std::uint32_t max_message_size = 16384;
};

struct HomeNode {
  unsigned index = 0;
  reload::NodeId node_id;
  std::string user;  // "node-<i>@<overlay>"
  std::string address;
  std::uint16_t port = 0;
  bool bootstrap = false;
  std::filesystem::path dir;
};

struct HomeSummary {
  std::filesystem::path dir;
  std::string overlay;
  std::filesystem::path config_path;
  std::filesystem::path ca_cert_path;
  std::vector<HomeNode> nodes;
};

// Makes the CA, N keys and certificates with random Node-IDs (s11.3), and the configuration.
// Refuses an existing home unless options.force. Every file is written to a temporary name created
// with its final mode (0600 for keys) and renamed into place.
base::result<HomeSummary, std::string> init_overlay_home(const HomeOptions& options);

// The kinds of a new home's configuration: the IANA kinds with limits, and DISCO-NOTE (dictionary,
// USER-MATCH, max-count 1000, max-size 4096).
std::vector<storage::KindDefinition> home_kinds();

// Everything a node process needs from its home.
struct NodeHome {
  OverlayConfig config;
  std::unique_ptr<security::OpensslSigner> signer;
  std::unique_ptr<security::OpensslVerifier> verifier;
  unsigned index = 0;
  std::string listen_address;
  std::uint16_t listen_port = 0;
  // PEM files, for the TLS layer.
  std::filesystem::path key_path;
  std::filesystem::path cert_path;
  std::filesystem::path ca_cert_path;
  std::filesystem::path config_path;
  std::filesystem::path node_dir;
};

// Loads node `index` of the home in `overlay_dir`. Checks that the key file is not readable by
// group or others (the error says to chmod 600 it), that the key matches the certificate, that the
// certificate verifies against the configuration's root-certs and names this overlay, and that
// node.json agrees with it.
base::result<NodeHome, std::string> load_node_home(const std::filesystem::path& overlay_dir, unsigned index);
// The same from the node's own directory, DIR/nodes/<i>.
base::result<NodeHome, std::string> load_node_home(const std::filesystem::path& node_dir);

}  // namespace disco::overlay
