#include "libcommon/security/enrollment_ca.hpp"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <limits>

#include "libcommon/security/hash.hpp"
#include "libcommon/security/openssl_util.hpp"

namespace disco::security {

using detail::fail;

namespace {
constexpr std::size_t max_node_ids = 16;
constexpr std::size_t max_common_name = 64;  // X.520 ub-common-name

using X509Name = detail::Owned<X509_NAME, X509_NAME_free>;
using Bignum = detail::Owned<BIGNUM, BN_free>;
using Extension = detail::Owned<X509_EXTENSION, X509_EXTENSION_free>;
using GeneralNames = detail::Owned<GENERAL_NAMES, GENERAL_NAMES_free>;

bool set_times(X509* x, std::chrono::system_clock::time_point not_before, std::chrono::seconds validity) {
  const std::time_t start = std::chrono::system_clock::to_time_t(not_before);
  const std::time_t end = std::chrono::system_clock::to_time_t(not_before + validity);
  return ASN1_TIME_set(X509_getm_notBefore(x), start) != nullptr &&
         ASN1_TIME_set(X509_getm_notAfter(x), end) != nullptr;
}

// 16 random bytes, the top bit clear so the INTEGER is positive and the next one set so it keeps
// its length (RFC 5280 s4.1.2.2: positive, at most 20 bytes, unique per CA).
bool set_random_serial(X509* x) {
  auto bytes = random_bytes(16);
  bytes[0] = static_cast<std::uint8_t>((bytes[0] & 0x7f) | 0x40);
  Bignum bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  return bn && BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(x)) != nullptr;
}

// One extension in OpenSSL's configuration syntax ("critical,CA:TRUE").
bool add_ext(X509* x, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, x, nullptr, nullptr, 0);
  Extension ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  return ext && X509_add_ext(x, ext.get(), -1) == 1;
}

bool push_name(GENERAL_NAMES* names, int type, std::string_view value) {
  ASN1_IA5STRING* s = ASN1_IA5STRING_new();
  if (s == nullptr) return false;
  if (ASN1_STRING_set(s, value.data(), static_cast<int>(value.size())) != 1) {
    ASN1_IA5STRING_free(s);
    return false;
  }
  GENERAL_NAME* gen = GENERAL_NAME_new();
  if (gen == nullptr) {
    ASN1_IA5STRING_free(s);
    return false;
  }
  GENERAL_NAME_set0_value(gen, type, s);
  if (sk_GENERAL_NAME_push(names, gen) <= 0) {
    GENERAL_NAME_free(gen);
    return false;
  }
  return true;
}

base::result<Certificate, std::error_code> sign_and_wrap(X509Ptr x, const PrivateKey& signer) {
  // SHA-256 with the CA's key: RSASSA-PKCS1-v1_5 or ECDSA.
  if (X509_sign(x.get(), signer.native(), EVP_sha256()) <= 0) return base::failure{fail(errc::crypto_failure)};
  return Certificate::adopt(std::move(x));
}
}  // namespace

base::result<EnrollmentCa, std::error_code> EnrollmentCa::create(std::string_view common_name, KeyType key_type,
                                                                 std::chrono::seconds validity) {
  if (common_name.empty() || validity.count() <= 0) return base::failure{make_error_code(errc::invalid_argument)};
  common_name = common_name.substr(0, max_common_name);
  auto key = PrivateKey::generate(key_type);
  if (!key) return base::failure{key.error()};

  X509Ptr x(X509_new());
  if (!x) return base::failure{fail(errc::crypto_failure)};
  X509Name name(X509_NAME_new());
  const bool ok = name &&
                  X509_NAME_add_entry_by_txt(name.get(), "CN", MBSTRING_UTF8,
                                             reinterpret_cast<const unsigned char*>(common_name.data()),
                                             static_cast<int>(common_name.size()), -1, 0) == 1 &&
                  X509_set_version(x.get(), X509_VERSION_3) == 1 && set_random_serial(x.get()) &&
                  X509_set_subject_name(x.get(), name.get()) == 1 && X509_set_issuer_name(x.get(), name.get()) == 1 &&
                  set_times(x.get(), std::chrono::system_clock::now() - default_backdate, validity) &&
                  X509_set_pubkey(x.get(), key->native()) == 1 &&
                  add_ext(x.get(), x.get(), NID_basic_constraints, "critical,CA:TRUE") &&
                  add_ext(x.get(), x.get(), NID_key_usage, "critical,keyCertSign,cRLSign") &&
                  add_ext(x.get(), x.get(), NID_subject_key_identifier, "hash") &&
                  add_ext(x.get(), x.get(), NID_authority_key_identifier, "keyid:always");
  if (!ok) return base::failure{fail(errc::crypto_failure)};
  auto cert = sign_and_wrap(std::move(x), *key);
  if (!cert) return base::failure{cert.error()};
  return EnrollmentCa(std::move(*key), std::move(*cert));
}

base::result<EnrollmentCa, std::error_code> EnrollmentCa::load(PrivateKey key, Certificate certificate) {
  if (!certificate.is_ca()) return base::failure{fail(errc::bad_certificate)};
  if (X509_check_private_key(certificate.native(), key.native()) != 1) return base::failure{fail(errc::key_mismatch)};
  return EnrollmentCa(std::move(key), std::move(certificate));
}

base::result<Certificate, std::error_code> EnrollmentCa::issue(const NodeCertificateRequest& request) const {
  if (!is_valid_user_name(request.user) || !is_valid_overlay_name(request.overlay) || request.node_ids.empty() ||
      request.node_ids.size() > max_node_ids || request.validity.count() <= 0)
    return base::failure{make_error_code(errc::invalid_argument)};
  const auto& spki = request.public_key_der;
  if (spki.empty() || spki.size() > static_cast<std::size_t>(std::numeric_limits<long>::max()))
    return base::failure{fail(errc::bad_key)};
  const unsigned char* p = spki.data();
  PkeyPtr subject_key(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki.size())));
  if (!subject_key || p != spki.data() + spki.size()) return base::failure{fail(errc::bad_key)};
  const int base_id = EVP_PKEY_get_base_id(subject_key.get());
  const bool is_rsa = base_id == EVP_PKEY_RSA && EVP_PKEY_get_bits(subject_key.get()) >= 2048;
  const bool is_ec = base_id == EVP_PKEY_EC && EVP_PKEY_get_bits(subject_key.get()) == 256;
  if (!is_rsa && !is_ec) return base::failure{fail(errc::bad_key)};

  GeneralNames names(sk_GENERAL_NAME_new_null());
  bool ok = names && push_name(names.get(), GEN_EMAIL, request.user);
  for (const auto& id : request.node_ids)
    ok = ok && push_name(names.get(), GEN_URI, reload_node_uri(id, request.overlay));

  X509Ptr x(X509_new());
  X509* issuer = cert_.native();
  // RSA keys may also be used for TLS 1.2 RSA key transport; EC keys sign (ECDHE) only.
  const char* usage = is_rsa ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature";
  ok = ok && x && X509_set_version(x.get(), X509_VERSION_3) == 1 && set_random_serial(x.get()) &&
       X509_set_issuer_name(x.get(), X509_get_subject_name(issuer)) == 1 &&
       set_times(x.get(), request.not_before.value_or(std::chrono::system_clock::now() - default_backdate),
                 request.validity) &&
       X509_set_pubkey(x.get(), subject_key.get()) == 1 &&
       add_ext(x.get(), issuer, NID_basic_constraints, "critical,CA:FALSE") &&
       add_ext(x.get(), issuer, NID_key_usage, usage) &&
       add_ext(x.get(), issuer, NID_ext_key_usage, "serverAuth,clientAuth") &&
       add_ext(x.get(), issuer, NID_subject_key_identifier, "hash") &&
       add_ext(x.get(), issuer, NID_authority_key_identifier, "keyid:always") &&
       // The subject DN is empty (s11.3), so RFC 5280 s4.2.1.6 makes subjectAltName critical.
       X509_add1_ext_i2d(x.get(), NID_subject_alt_name, names.get(), 1, X509V3_ADD_DEFAULT) == 1;
  if (!ok) return base::failure{fail(errc::crypto_failure)};
  return sign_and_wrap(std::move(x), key_);
}

}  // namespace disco::security
