#pragma once
// X.509 certificates of RELOAD nodes (RFC 6940 s11.3): DER and PEM, and what a certificate binds:
// the Node-IDs in its subjectAltName RELOAD URIs and its one rfc822Name user name.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/reload/ids/node_id.hpp"
#include "libcommon/security/hash.hpp"
#include "libcommon/security/identity.hpp"
#include "libcommon/security/openssl_handles.hpp"

namespace disco::security {

class Certificate {
 public:
  // The whole input must be one DER certificate (trailing bytes are errc::bad_certificate).
  static base::result<Certificate, std::error_code> from_der(base::BytesView der);
  // The first "CERTIFICATE" block of a PEM text.
  static base::result<Certificate, std::error_code> from_pem(std::string_view pem);
  static base::result<Certificate, std::error_code> adopt(X509Ptr cert);

  // Copies share the (immutable) certificate.
  Certificate(const Certificate& other);
  Certificate& operator=(const Certificate& other);
  Certificate(Certificate&&) noexcept = default;
  Certificate& operator=(Certificate&&) noexcept = default;
  ~Certificate() = default;

  [[nodiscard]] const base::Bytes& der() const noexcept { return der_; }
  [[nodiscard]] std::string to_pem() const;
  // SHA-256 over the DER: the cert_hash of a SignerIdentity (s6.3.4).
  [[nodiscard]] Sha256Digest sha256() const { return security::sha256(der_); }
  [[nodiscard]] std::chrono::system_clock::time_point not_before() const;
  [[nodiscard]] std::chrono::system_clock::time_point not_after() const;
  [[nodiscard]] bool is_ca() const;
  [[nodiscard]] base::Bytes public_key_der() const;  // SubjectPublicKeyInfo
  [[nodiscard]] X509* native() const noexcept { return cert_.get(); }

 private:
  Certificate(X509Ptr cert, base::Bytes der) : cert_(std::move(cert)), der_(std::move(der)) {}
  X509Ptr cert_;
  base::Bytes der_;
};

// The Node-IDs and user name a certificate's subjectAltName carries (s11.3). It must hold only
// uniformResourceIdentifier RELOAD URIs with a one-node Destination List and exactly one
// rfc822Name; anything else is errc::bad_certificate. When `expected_overlay` is not empty, every
// URI's overlay part must equal it (errc::wrong_overlay, compared without case as DNS names are);
// when `node_id_length` is not 0, every Node-ID must have that length. The chain and the validity
// dates are not checked here (OpensslVerifier does). The subject DN is not required to be empty.
base::result<PeerIdentity, std::error_code> parse_identity(const Certificate& cert,
                                                           std::string_view expected_overlay = {},
                                                           std::size_t node_id_length = 0);

// "reload://0110<32 hex digits>@<overlay>/": a RELOAD URI (s14.15) whose Destination List is one
// node entry (type 1, length, Node-ID), as s11.3 puts in certificates. Lowercase hex.
std::string reload_node_uri(const reload::NodeId& id, std::string_view overlay);

struct ReloadNodeUri {
  reload::NodeId node_id;
  std::string overlay;
};
// The inverse; nullopt unless the URI is exactly that form (hex of either case, no specifier).
std::optional<ReloadNodeUri> parse_reload_node_uri(std::string_view uri);

// A DNS name (s6.3.2: the overlay name "MUST be a DNS-legal name"): dot-separated labels of
// letters, digits and inner hyphens, 1..63 bytes each, 253 bytes at most.
bool is_valid_overlay_name(std::string_view name);
// A user name for a certificate (s11.3: "allow only legal characters"): local@domain, the local
// part of RFC 5322 atext characters and dots, the domain a DNS name; 254 bytes at most.
bool is_valid_user_name(std::string_view name);

}  // namespace disco::security
