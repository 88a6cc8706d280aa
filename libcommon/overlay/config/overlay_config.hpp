#pragma once
// The overlay configuration document (RFC 6940 s11.1, RELAX NG grammar s11.1.1): what every node of
// an overlay must agree on. Read and written as XML (application/p2p-overlay+xml); pugixml stays
// behind the .cpp files.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/reload/ids/node_id.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/security/openssl_verifier.hpp"
#include "libcommon/storage/kind_registry.hpp"

namespace disco::overlay {

// TCP port 6084 is "reload-config" (s14.2) and the bootstrap-node port default (s11.1).
inline constexpr std::uint16_t default_port = 6084;

struct BootstrapNode {
  std::string address;  // an IPv4 or IPv6 literal, as written
  std::uint16_t port = default_port;
  friend bool operator==(const BootstrapNode&, const BootstrapNode&) = default;
};

struct SelfSignedPermitted {
  bool permitted = false;
  std::string digest = "sha1";  // "sha1" or "sha256" (s11.1)
  friend bool operator==(const SelfSignedPermitted&, const SelfSignedPermitted&) = default;
};

// One <configuration> element. Defaults are the RFC's defaults for an absent element (s11.1);
// CHORD-RELOAD's are from s10 (chord-update-interval 600 s, chord-ping-interval 3600 s).
struct OverlayConfig {
  std::string instance_name;   // the overlay name, a DNS name
  std::uint16_t sequence = 0;  // 0..65534
  std::string expiration;      // RFC 3339 date-time as written; empty when absent (expiration_time())
  std::string topology_plugin = "CHORD-RELOAD";
  std::size_t node_id_length = 16;      // 16..20
  std::vector<base::Bytes> root_certs;  // DER X.509 trust anchors, not checked here
  std::vector<std::string> enrollment_servers;
  std::optional<SelfSignedPermitted> self_signed_permitted;
  std::vector<BootstrapNode> bootstrap_nodes;
  std::uint8_t turn_density = 1;
  bool clients_permitted = true;
  bool no_ice = false;
  std::uint32_t chord_update_interval_s = 600;
  std::uint32_t chord_ping_interval_s = 3600;
  bool chord_reactive = true;
  std::optional<std::string> shared_secret;
  std::uint32_t max_message_size = 5000;
  std::uint8_t initial_ttl = 100;
  std::uint32_t overlay_reliability_timer_ms = 3000;  // >= 200 (s11.1)
  // "TLS" (TLS and DTLS) when no element is present; any element replaces the default.
  std::vector<std::string> overlay_link_protocols{"TLS"};
  // Node-IDs in hex as written: the RFC's own example uses 8-byte ids here, so they are kept as text.
  std::vector<std::string> configuration_signers;
  std::vector<std::string> kind_signers;
  std::vector<std::string> bad_nodes;
  std::vector<std::string> mandatory_extensions;
  // <required-kinds>, in document order. Kinds named by an IANA name (or an IANA id) carry the
  // IANA data model and access control whatever the document says (s11.1: clients MUST ignore them).
  std::vector<storage::KindDefinition> kinds;

  friend bool operator==(const OverlayConfig&, const OverlayConfig&) = default;
};

inline constexpr std::size_t max_config_document_size = std::size_t{1024} * 1024;

// Parses a configuration document. With several <configuration> elements (one per overlay, s11.1)
// it takes the one whose instance-name equals `instance_name`, or the first when that is empty.
// The error names the element or attribute and the offending value. <signature> and
// <kind-signature> are not checked (see README.md).
base::result<OverlayConfig, std::string> parse_overlay_config(std::string_view xml,
                                                              std::string_view instance_name = {});

// A document with this one configuration; every field is written, defaults included, so that
// parse_overlay_config(write_overlay_config(c)) == c.
std::string write_overlay_config(const OverlayConfig& config);

// The IANA kinds every overlay of ours supports, then the configuration's kinds (replacing an IANA
// kind of the same id):
//   SIP-REGISTRATION 0x1 dictionary USER-NODE-MATCH (RFC 7904 s3)
//   TURN-SERVICE 0x2 single NODE-MULTIPLE, max-node-multiple 20 (RFC 6940 s9)
//   CERTIFICATE_BY_NODE 0x3 array NODE-MATCH (s8)
//   CERTIFICATE_BY_USER 0x10 array USER-MATCH (s8)
storage::KindRegistry kind_registry(const OverlayConfig& config);
// The IANA kinds above alone.
std::vector<storage::KindDefinition> iana_kinds();
// node-id-length, max-message-size and the kinds' data models.
reload::msg::CodecContext codec_context(const OverlayConfig& config);
// root-certs, instance-name, node-id-length and the bad-node entries that are valid Node-IDs.
security::VerifierOptions verifier_options(const OverlayConfig& config);
// expiration as a time point; nullopt when absent (parse_overlay_config refuses malformed ones).
std::optional<std::chrono::system_clock::time_point> expiration_time(const OverlayConfig& config);

// RFC 3339 date-time ("2002-10-10T07:00:00Z", fractions and numeric offsets allowed).
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text);
// UTC, whole seconds: "2002-10-10T07:00:00Z".
std::string format_rfc3339(std::chrono::system_clock::time_point t);

}  // namespace disco::overlay
