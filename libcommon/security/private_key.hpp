#pragma once
// A node's or a CA's private key: generation, PEM and DER (RFC 6940 s6.3.4: RSASSA-PKCS1-v1_5 with
// SHA-256 is the algorithm every node must support; ECDSA P-256 is offered because it is much
// cheaper to generate and sign with, for large test overlays).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/security/openssl_handles.hpp"

namespace disco::security {

enum class KeyType : std::uint8_t { rsa, ec };

std::string_view to_string(KeyType t);                   // "rsa", "ec"
std::optional<KeyType> key_type_from(std::string_view);  // "rsa", "ec" (also "ecdsa")

class PrivateKey {
 public:
  // RSA-2048 (e = 65537) or EC P-256.
  static base::result<PrivateKey, std::error_code> generate(KeyType type);
  // PEM: PKCS#8 ("PRIVATE KEY") or the traditional RSA/EC forms; unencrypted only.
  static base::result<PrivateKey, std::error_code> from_pem(std::string_view pem);
  // DER: PKCS#8 or traditional. The whole input must be the key.
  static base::result<PrivateKey, std::error_code> from_der(base::BytesView der);
  // Takes ownership; errc::bad_key unless RSA or EC P-256.
  static base::result<PrivateKey, std::error_code> adopt(PkeyPtr key);

  // Copies share the (immutable) key.
  PrivateKey(const PrivateKey& other);
  PrivateKey& operator=(const PrivateKey& other);
  PrivateKey(PrivateKey&&) noexcept = default;
  PrivateKey& operator=(PrivateKey&&) noexcept = default;
  ~PrivateKey() = default;

  [[nodiscard]] KeyType type() const noexcept { return type_; }
  // Unencrypted PKCS#8 PEM: whoever writes it to disk sets mode 0600 first.
  [[nodiscard]] std::string to_pem() const;
  [[nodiscard]] base::Bytes to_der() const;  // PKCS#8
  // The DER SubjectPublicKeyInfo (what a certificate binds, and what s11.3.1 hashes).
  [[nodiscard]] base::Bytes public_key_der() const;
  [[nodiscard]] EVP_PKEY* native() const noexcept { return key_.get(); }

 private:
  PrivateKey(PkeyPtr key, KeyType type) : key_(std::move(key)), type_(type) {}
  PkeyPtr key_;
  KeyType type_ = KeyType::rsa;
};

}  // namespace disco::security
