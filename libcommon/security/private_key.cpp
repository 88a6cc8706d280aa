#include "libcommon/security/private_key.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstring>

#include "libcommon/security/openssl_util.hpp"

namespace disco::security {

using detail::fail;

std::string_view to_string(KeyType t) { return t == KeyType::ec ? "ec" : "rsa"; }

std::optional<KeyType> key_type_from(std::string_view s) {
  if (s == "rsa") return KeyType::rsa;
  if (s == "ec" || s == "ecdsa") return KeyType::ec;
  return std::nullopt;
}

namespace {
// RFC 6940 s6.3.4 names RSA without a size; 2048 bits is today's floor for RSA signatures.
constexpr int min_rsa_bits = 2048;

// Without a callback OpenSSL would prompt on the terminal for an encrypted key's pass phrase.
int no_passphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*u*/) { return -1; }

std::optional<KeyType> supported_type(EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
      if (EVP_PKEY_get_bits(key) < min_rsa_bits) return std::nullopt;
      return KeyType::rsa;
    case EVP_PKEY_EC: {
      char group[64] = {};
      std::size_t len = 0;
      if (EVP_PKEY_get_group_name(key, group, sizeof group, &len) != 1) return std::nullopt;
      if (std::strcmp(group, "prime256v1") != 0 && std::strcmp(group, "P-256") != 0) return std::nullopt;
      return KeyType::ec;
    }
    default: return std::nullopt;
  }
}
}  // namespace

base::result<PrivateKey, std::error_code> PrivateKey::adopt(PkeyPtr key) {
  if (!key) return base::failure{fail(errc::bad_key)};
  auto type = supported_type(key.get());
  if (!type) return base::failure{fail(errc::bad_key)};
  return PrivateKey(std::move(key), *type);
}

base::result<PrivateKey, std::error_code> PrivateKey::generate(KeyType type) {
  PkeyPtr key(type == KeyType::rsa ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(min_rsa_bits))
                                   : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return base::failure{fail(errc::crypto_failure)};
  return PrivateKey(std::move(key), type);
}

base::result<PrivateKey, std::error_code> PrivateKey::from_pem(std::string_view pem) {
  auto bio = detail::read_bio(pem);
  if (!bio) return base::failure{fail(errc::bad_key)};
  return adopt(PkeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr)));
}

base::result<PrivateKey, std::error_code> PrivateKey::from_der(base::BytesView der) {
  if (der.empty() || der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max()))
    return base::failure{fail(errc::bad_key)};
  const unsigned char* p = der.data();
  PkeyPtr key(d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der.size())));
  if (key && p != der.data() + der.size()) return base::failure{fail(errc::bad_key)};
  return adopt(std::move(key));
}

PrivateKey::PrivateKey(const PrivateKey& other) : type_(other.type_) {
  if (other.key_ && EVP_PKEY_up_ref(other.key_.get()) == 1) key_.reset(other.key_.get());
}

PrivateKey& PrivateKey::operator=(const PrivateKey& other) {
  if (this != &other) *this = PrivateKey(other);
  return *this;
}

std::string PrivateKey::to_pem() const {
  auto bio = detail::write_bio();
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    ERR_clear_error();
    return {};
  }
  return detail::drain(bio.get());
}

base::Bytes PrivateKey::to_der() const {
  detail::Owned<PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free> p8(EVP_PKEY2PKCS8(key_.get()));
  if (!p8) {
    ERR_clear_error();
    return {};
  }
  return detail::to_der(
      p8.get(), [](const PKCS8_PRIV_KEY_INFO* o, unsigned char** out) { return i2d_PKCS8_PRIV_KEY_INFO(o, out); });
}

base::Bytes PrivateKey::public_key_der() const {
  return detail::to_der(key_.get(), [](const EVP_PKEY* k, unsigned char** out) { return i2d_PUBKEY(k, out); });
}

}  // namespace disco::security
