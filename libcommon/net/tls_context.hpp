#pragma once
// TLS contexts for RELOAD links (RFC 6940 s6.6.5 TLS/TCP; s11.3: each node holds a certificate from
// the enrollment server, and links authenticate both ends). Both roles present a certificate and
// require one from the peer; the only trust anchor is the overlay's CA file.

#include <boost/asio/ssl/context.hpp>
#include <optional>
#include <string>

namespace disco::net {

enum class TlsRole { client, server };

struct TlsContextOptions {
  std::string key_pem_path;
  std::string cert_pem_path;  // the node's certificate, optionally followed by intermediates
  std::string ca_pem_path;    // the trust anchors: nothing else (no system store) is trusted
  // Appends the session secrets in the SSLKEYLOGFILE format (one line each, written as they come)
  // so that tshark can decrypt captures. Created with mode 0600. Debugging only.
  std::optional<std::string> keylog_path;
};

// TLS 1.3, or 1.2 at the least; mutual authentication (verify_peer | verify_fail_if_no_peer_cert);
// no session resumption, so every link proves its certificate afresh.
// Throws std::runtime_error naming the file on unreadable keys or certificates (start-up errors).
// The context must outlive every TlsLink and TlsListener made with it.
boost::asio::ssl::context make_tls_context(const TlsContextOptions& options, TlsRole role);

}  // namespace disco::net
