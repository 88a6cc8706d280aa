#include "libcommon/security/openssl_signer.hpp"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <stdexcept>

#include "libcommon/security/hash.hpp"
#include "libcommon/security/openssl_util.hpp"

namespace disco::security {

namespace msg = reload::msg;

msg::SignatureAndHashAlgorithm signature_algorithm_for(KeyType type) {
  return {msg::hash_algorithm::sha256,
          type == KeyType::ec ? msg::signature_algorithm::ecdsa : msg::signature_algorithm::rsa};
}

base::result<std::unique_ptr<OpensslSigner>, std::error_code> OpensslSigner::create(PrivateKey key, Certificate cert,
                                                                                    std::string_view overlay,
                                                                                    std::size_t node_id_length) {
  if (X509_check_private_key(cert.native(), key.native()) != 1) return base::failure{detail::fail(errc::key_mismatch)};
  auto identity = parse_identity(cert, overlay, node_id_length);
  if (!identity) return base::failure{identity.error()};
  return std::unique_ptr<OpensslSigner>(new OpensslSigner(std::move(key), std::move(cert), std::move(*identity)));
}

OpensslSigner::OpensslSigner(PrivateKey key, Certificate cert, PeerIdentity identity)
    : key_(std::move(key)), cert_(std::move(cert)), identity_(std::move(identity)) {
  if (identity_.node_ids.size() == 1) {
    const auto digest = cert_.sha256();
    signer_identity_.value = msg::CertHash{msg::hash_algorithm::sha256, base::Bytes(digest.begin(), digest.end())};
  } else {
    // H(NodeId || certificate), raw bytes (s6.3.4).
    base::Bytes input(identity_.node_ids.front().bytes().begin(), identity_.node_ids.front().bytes().end());
    input.insert(input.end(), cert_.der().begin(), cert_.der().end());
    const auto digest = sha256(input);
    signer_identity_.value =
        msg::CertHashNodeId{msg::hash_algorithm::sha256, base::Bytes(digest.begin(), digest.end())};
  }
}

msg::GenericCertificate OpensslSigner::certificate() const {
  return {0, cert_.der()};  // CertificateType X.509 (RFC 6091)
}

msg::Signature OpensslSigner::sign(base::BytesView input) const {
  detail::Owned<EVP_MD_CTX, EVP_MD_CTX_free> ctx(EVP_MD_CTX_new());
  const int max_len = EVP_PKEY_get_size(key_.native());
  std::size_t len = max_len > 0 ? static_cast<std::size_t>(max_len) : 0;
  // RSA keys default to PKCS#1 v1.5 padding, which is the RFC's RSASSA-PKCS1-v1_5.
  if (!ctx || len == 0 || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.native()) != 1) {
    ERR_clear_error();
    throw std::runtime_error("OpenSSL could not sign");
  }
  msg::Signature sig;
  sig.algorithm = algorithm();
  sig.identity = signer_identity_;
  sig.signature_value.resize(len);
  if (EVP_DigestSign(ctx.get(), sig.signature_value.data(), &len, input.data(), input.size()) != 1) {
    ERR_clear_error();
    throw std::runtime_error("OpenSSL could not sign");
  }
  sig.signature_value.resize(len);  // ECDSA signatures are often shorter than the maximum
  return sig;
}

}  // namespace disco::security
