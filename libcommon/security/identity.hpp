#pragma once
// Who signed a RELOAD message or a StoredData value, and the two roles around it: a Signer (one
// node's private key and certificate) and a Verifier (the overlay's trust anchors). Engines take
// these as interfaces so the simulator can run thousands of nodes without public-key work; the
// OpenSSL implementations live next to this header (openssl_signer.hpp, openssl_verifier.hpp).

#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/reload/ids/node_id.hpp"
#include "libcommon/reload/msg/security_block.hpp"

namespace disco::security {

// What a checked certificate binds (RFC 6940 s11.3): the Node-IDs from its subjectAltName RELOAD
// URIs and the one user name (rfc822Name).
struct PeerIdentity {
  std::string user;
  std::vector<reload::NodeId> node_ids;
  base::Bytes certificate_der;

  [[nodiscard]] bool has_node_id(const reload::NodeId& id) const {
    for (const auto& n : node_ids)
      if (n == id) return true;
    return false;
  }
  friend bool operator==(const PeerIdentity&, const PeerIdentity&) = default;
};

// Signs as one node.
class Signer {
 public:
  virtual ~Signer() = default;
  [[nodiscard]] virtual const PeerIdentity& identity() const = 0;
  // The certificate to put in a SecurityBlock (s6.3.4).
  [[nodiscard]] virtual reload::msg::GenericCertificate certificate() const = 0;
  // The SignerIdentity that sign() puts in its Signature. Callers need it first: the signature
  // input ends with the encoded SignerIdentity (s6.3.4, s7.1). The default is cert_hash, SHA-256
  // over certificate().certificate, which is right for a certificate with one Node-ID.
  [[nodiscard]] virtual reload::msg::SignerIdentity signer_identity() const;
  // A Signature over `input` with algorithm and SignerIdentity (cert_hash, s6.3.4) filled in.
  // `input` is the whole signature input, signer_identity() included.
  [[nodiscard]] virtual reload::msg::Signature sign(base::BytesView input) const = 0;
};

// Checks certificates against the overlay's trust anchors and signatures against certificates.
class Verifier {
 public:
  virtual ~Verifier() = default;
  // The certificate is issued by a trust anchor, currently valid, and carries at least one Node-ID
  // and exactly one user name. Implementations may cache by certificate hash.
  [[nodiscard]] virtual base::result<PeerIdentity, std::error_code> check_certificate(base::BytesView der) const = 0;
  // Finds the certificate that sig.identity names among `certificates`, checks it as above and
  // verifies sig.signature_value over `input`.
  [[nodiscard]] virtual base::result<PeerIdentity, std::error_code> verify(
      const reload::msg::Signature& sig, std::span<const reload::msg::GenericCertificate> certificates,
      base::BytesView input) const = 0;
};

}  // namespace disco::security
