#pragma once
// Signs as one node with its private key (RFC 6940 s6.3.4): RSASSA-PKCS1-v1_5 with SHA-256,
// algorithm {hash 4, signature 1}, the algorithm every node must support, or ECDSA with SHA-256,
// {4, 3}, with the signature DER-encoded as TLS does (RFC 5246 s4.7).

#include <cstddef>
#include <memory>
#include <string_view>
#include <system_error>

#include "libcommon/base/result.hpp"
#include "libcommon/security/certificate.hpp"
#include "libcommon/security/identity.hpp"
#include "libcommon/security/private_key.hpp"

namespace disco::security {

reload::msg::SignatureAndHashAlgorithm signature_algorithm_for(KeyType type);

class OpensslSigner final : public Signer {
 public:
  // errc::key_mismatch unless `key` belongs to `cert`; the identity is parse_identity(cert,
  // overlay, node_id_length), so a certificate for another overlay is refused here already.
  static base::result<std::unique_ptr<OpensslSigner>, std::error_code> create(PrivateKey key, Certificate cert,
                                                                              std::string_view overlay = {},
                                                                              std::size_t node_id_length = 0);

  [[nodiscard]] const PeerIdentity& identity() const override { return identity_; }
  [[nodiscard]] reload::msg::GenericCertificate certificate() const override;
  // cert_hash (SHA-256 of the DER) for a certificate with one Node-ID; with several, s6.3.4 requires
  // cert_hash_node_id, and this signer speaks for the first Node-ID of the certificate.
  [[nodiscard]] reload::msg::SignerIdentity signer_identity() const override { return signer_identity_; }
  // Throws std::runtime_error only if OpenSSL fails to sign with a key it accepted (out of memory).
  [[nodiscard]] reload::msg::Signature sign(base::BytesView input) const override;

  [[nodiscard]] const PrivateKey& key() const noexcept { return key_; }
  [[nodiscard]] const Certificate& x509() const noexcept { return cert_; }
  [[nodiscard]] reload::msg::SignatureAndHashAlgorithm algorithm() const {
    return signature_algorithm_for(key_.type());
  }

 private:
  OpensslSigner(PrivateKey key, Certificate cert, PeerIdentity identity);
  PrivateKey key_;
  Certificate cert_;
  PeerIdentity identity_;
  reload::msg::SignerIdentity signer_identity_;
};

}  // namespace disco::security
