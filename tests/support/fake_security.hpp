#pragma once
// Cheap stand-ins for the OpenSSL Signer and Verifier (security/identity.hpp), for unit tests and
// the many-node simulator: no public-key work, yet a wrong signer, an altered input or a certificate
// from another realm is still caught.
//
//  * certificate: "FAKECERT" | uint8 user length | user | uint8 count | count x (uint8 length |
//    Node-ID) | tag, where tag = the first 16 bytes of SHA-256(realm || everything before it).
//    Only holders of the realm string make certificates its verifier accepts (the "trust anchor").
//  * signature: SHA-256(certificate || input), algorithm {sha256, rsa}; the SignerIdentity is
//    cert_hash (SHA-256 of the certificate) or cert_hash_node_id (SHA-256 of Node-ID || certificate).
// It is not secure (the certificate is the key); it only has to be wrong when the bytes are.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/security/identity.hpp"

namespace disco::test {

inline constexpr std::string_view fake_realm = "disco-test-realm";

base::Bytes fake_certificate(std::string_view user, const std::vector<reload::NodeId>& node_ids,
                             std::string_view realm = fake_realm);

class FakeSigner final : public security::Signer {
 public:
  // With `as_node`, the SignerIdentity is cert_hash_node_id for that Node-ID (s6.3.4), which must
  // be one of node_ids; otherwise it is cert_hash.
  FakeSigner(std::string user, std::vector<reload::NodeId> node_ids, std::string_view realm = fake_realm,
             std::optional<reload::NodeId> as_node = std::nullopt);

  [[nodiscard]] const security::PeerIdentity& identity() const override { return identity_; }
  [[nodiscard]] reload::msg::GenericCertificate certificate() const override;
  [[nodiscard]] reload::msg::Signature sign(base::BytesView input) const override;
  // The SignerIdentity sign() puts in its signatures (to build a signature input before signing).
  [[nodiscard]] reload::msg::SignerIdentity signer_identity() const override { return signer_identity_; }

 private:
  security::PeerIdentity identity_;
  reload::msg::SignerIdentity signer_identity_;
};

class FakeVerifier final : public security::Verifier {
 public:
  explicit FakeVerifier(std::string_view realm = fake_realm) : realm_(realm) {}

  [[nodiscard]] base::result<security::PeerIdentity, std::error_code> check_certificate(
      base::BytesView der) const override;
  [[nodiscard]] base::result<security::PeerIdentity, std::error_code> verify(
      const reload::msg::Signature& sig, std::span<const reload::msg::GenericCertificate> certificates,
      base::BytesView input) const override;

  // How many verify() calls were made, to show when work is skipped.
  [[nodiscard]] std::size_t verifications() const { return verifications_; }

 private:
  std::string realm_;
  mutable std::size_t verifications_ = 0;
};

}  // namespace disco::test
