#include "libcommon/security/openssl_verifier.hpp"

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>

#include "libcommon/base/overloaded.hpp"
#include "libcommon/security/certificate.hpp"
#include "libcommon/security/openssl_util.hpp"

namespace disco::security {

namespace msg = reload::msg;
using detail::fail;

namespace {
constexpr std::uint8_t x509_certificate_type = 0;  // RFC 6091 CertificateType

bool is_date_error(const std::error_code& ec) { return ec == errc::expired || ec == errc::not_yet_valid; }

template <std::size_t N>
bool equal_digest(const std::array<std::uint8_t, N>& digest, const base::Bytes& value) {
  return value.size() == N && std::equal(digest.begin(), digest.end(), value.begin());
}
}  // namespace

void OpensslVerifier::StoreFree::operator()(X509_STORE* s) const noexcept { X509_STORE_free(s); }

OpensslVerifier::~OpensslVerifier() = default;

base::result<std::unique_ptr<OpensslVerifier>, std::error_code> OpensslVerifier::create(VerifierOptions options) {
  if (options.root_certs.empty()) return base::failure{make_error_code(errc::invalid_argument)};
  std::unique_ptr<OpensslVerifier> v(new OpensslVerifier(std::move(options)));
  v->store_.reset(X509_STORE_new());
  if (!v->store_) return base::failure{fail(errc::crypto_failure)};
  for (const auto& der : v->options_.root_certs) {
    auto root = Certificate::from_der(der);
    if (!root) return base::failure{root.error()};
    if (!root->is_ca()) return base::failure{fail(errc::bad_certificate)};
    if (X509_STORE_add_cert(v->store_.get(), root->native()) != 1) {
      // The same anchor twice is harmless.
      ERR_clear_error();
    }
  }
  return v;
}

std::chrono::system_clock::time_point OpensslVerifier::now() const {
  return options_.fixed_time.value_or(std::chrono::system_clock::now());
}

OpensslVerifier::Entry OpensslVerifier::check_uncached(base::BytesView der) const {
  Entry e;
  auto cert = Certificate::from_der(der);
  if (!cert) {
    e.error = cert.error();
    return e;
  }
  detail::Owned<X509_STORE_CTX, X509_STORE_CTX_free> ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store_.get(), cert->native(), nullptr) != 1) {
    e.error = fail(errc::crypto_failure);
    return e;
  }
  // RFC 5280 rules OpenSSL does not apply by default (e.g. an empty subject needs a critical
  // subjectAltName, authority key identifiers present); our CA meets them.
  X509_STORE_CTX_set_flags(ctx.get(), X509_V_FLAG_X509_STRICT);
  X509_STORE_CTX_set_time(ctx.get(), 0, std::chrono::system_clock::to_time_t(now()));
  if (X509_verify_cert(ctx.get()) != 1) {
    switch (X509_STORE_CTX_get_error(ctx.get())) {
      case X509_V_ERR_CERT_HAS_EXPIRED: e.error = fail(errc::expired); break;
      case X509_V_ERR_CERT_NOT_YET_VALID: e.error = fail(errc::not_yet_valid); break;
      default: e.error = fail(errc::untrusted); break;
    }
    return e;
  }
  auto identity = parse_identity(*cert, options_.overlay, options_.node_id_length);
  if (!identity) {
    e.error = identity.error();
    return e;
  }
  for (const auto& id : identity->node_ids) {
    if (std::find(options_.bad_nodes.begin(), options_.bad_nodes.end(), id) != options_.bad_nodes.end()) {
      e.error = make_error_code(errc::bad_node);
      return e;
    }
  }
  e.public_key.reset(X509_get_pubkey(cert->native()));
  if (!e.public_key) {
    e.error = fail(errc::bad_certificate);
    return e;
  }
  e.verify_ctx.reset(EVP_PKEY_CTX_new(e.public_key.get(), nullptr));
  if (!e.verify_ctx || EVP_PKEY_verify_init(e.verify_ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_signature_md(e.verify_ctx.get(), EVP_sha256()) != 1) {
    e.error = fail(errc::crypto_failure);
    return e;
  }
  e.identity = std::move(*identity);
  e.not_before = cert->not_before();
  e.not_after = cert->not_after();
  return e;
}

base::result<const OpensslVerifier::Entry*, std::error_code> OpensslVerifier::lookup(base::BytesView der) const {
  return lookup(der, sha256(der));
}

base::result<const OpensslVerifier::Entry*, std::error_code> OpensslVerifier::lookup(base::BytesView der,
                                                                                     const Sha256Digest& key) const {
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    Entry e = check_uncached(der);
    if (is_date_error(e.error)) return base::failure{e.error};
    if (options_.cache_capacity == 0) {
      cache_.clear();
      cache_order_.clear();
    }
    while (!cache_order_.empty() && cache_.size() >= std::max<std::size_t>(options_.cache_capacity, 1)) {
      cache_.erase(cache_order_.front());
      cache_order_.pop_front();
    }
    it = cache_.emplace(key, std::move(e)).first;
    cache_order_.push_back(key);
  }
  const Entry& e = it->second;
  if (e.error) return base::failure{e.error};
  const auto t = now();
  if (t < e.not_before) return base::failure{make_error_code(errc::not_yet_valid)};
  if (t > e.not_after) return base::failure{make_error_code(errc::expired)};
  return &e;
}

base::result<PeerIdentity, std::error_code> OpensslVerifier::check_certificate(base::BytesView der) const {
  auto e = lookup(der);
  if (!e) return base::failure{e.error()};
  return (*e)->identity;
}

base::result<PeerIdentity, std::error_code> OpensslVerifier::verify(
    const msg::Signature& sig, std::span<const msg::GenericCertificate> certificates, base::BytesView input) const {
  // Which certificate, and for cert_hash_node_id which of its Node-IDs.
  const msg::GenericCertificate* signer = nullptr;
  std::optional<Sha256Digest> signer_digest;  // sha256 of signer's DER when matching computed it
  std::optional<reload::NodeId> signing_node;
  std::error_code identity_error;
  std::visit(
      base::overloaded{
          [&](const msg::CertHash& h) {
            if (h.hash_alg != msg::hash_algorithm::sha256 && h.hash_alg != msg::hash_algorithm::sha1) {
              identity_error = make_error_code(errc::unsupported_algorithm);
              return;
            }
            for (const auto& c : certificates) {
              if (c.type != x509_certificate_type) continue;
              if (h.hash_alg == msg::hash_algorithm::sha256) {
                // Kept: it is also the certificate cache's key, so lookup() need not hash again.
                auto digest = sha256(c.certificate);
                if (equal_digest(digest, h.certificate_hash)) {
                  signer = &c;
                  signer_digest = digest;
                  return;
                }
              } else if (equal_digest(sha1(c.certificate), h.certificate_hash)) {
                signer = &c;
                return;
              }
            }
          },
          [&](const msg::CertHashNodeId& h) {
            if (h.hash_alg != msg::hash_algorithm::sha256 && h.hash_alg != msg::hash_algorithm::sha1) {
              identity_error = make_error_code(errc::unsupported_algorithm);
              return;
            }
            for (const auto& c : certificates) {
              if (c.type != x509_certificate_type) continue;
              auto cert = Certificate::from_der(c.certificate);
              if (!cert) continue;
              auto ids = parse_identity(*cert);
              if (!ids) continue;
              for (const auto& id : ids->node_ids) {
                base::Bytes hash_input(id.bytes().begin(), id.bytes().end());
                hash_input.insert(hash_input.end(), c.certificate.begin(), c.certificate.end());
                const bool match = h.hash_alg == msg::hash_algorithm::sha256
                                       ? equal_digest(sha256(hash_input), h.certificate_node_id_hash)
                                       : equal_digest(sha1(hash_input), h.certificate_node_id_hash);
                if (match) {
                  signer = &c;
                  signing_node = id;
                  return;
                }
              }
            }
          },
          [&](const msg::NoSignerIdentity&) { identity_error = make_error_code(errc::unsupported_identity); },
          [&](const msg::UnknownSignerIdentity&) { identity_error = make_error_code(errc::unsupported_identity); },
      },
      sig.identity.value);
  if (identity_error) return base::failure{identity_error};
  if (signer == nullptr) return base::failure{make_error_code(errc::unknown_signer)};

  const Sha256Digest cert_digest = signer_digest ? *signer_digest : sha256(signer->certificate);
  auto entry = lookup(signer->certificate, cert_digest);
  if (!entry) return base::failure{entry.error()};
  const Entry& e = **entry;

  // SHA-256 only (s6.3.4's mandatory algorithm); the signature algorithm must be the key's own.
  const int key_id = EVP_PKEY_get_base_id(e.public_key.get());
  const bool algorithm_ok = sig.algorithm.hash == msg::hash_algorithm::sha256 &&
                            ((key_id == EVP_PKEY_RSA && sig.algorithm.signature == msg::signature_algorithm::rsa) ||
                             (key_id == EVP_PKEY_EC && sig.algorithm.signature == msg::signature_algorithm::ecdsa));
  if (!algorithm_ok) return base::failure{make_error_code(errc::unsupported_algorithm)};

  // Hashing once serves both the memo key and the verification (which then signs over the digest:
  // the same RSASSA-PKCS1-v1_5 / ECDSA result as EVP_DigestVerify over the input).
  const Sha256Digest input_digest = sha256(input);
  base::Bytes key_input;
  key_input.reserve(cert_digest.size() + 4 + sig.signature_value.size() + input_digest.size());
  key_input.insert(key_input.end(), cert_digest.begin(), cert_digest.end());
  key_input.push_back(sig.algorithm.hash);
  key_input.push_back(sig.algorithm.signature);
  key_input.push_back(static_cast<std::uint8_t>(sig.signature_value.size() >> 8U));
  key_input.push_back(static_cast<std::uint8_t>(sig.signature_value.size()));
  key_input.insert(key_input.end(), sig.signature_value.begin(), sig.signature_value.end());
  key_input.insert(key_input.end(), input_digest.begin(), input_digest.end());
  const Sha256Digest memo_key = sha256(key_input);

  if (memo_.contains(memo_key)) {
    ++memo_hits_;
  } else {
    if (EVP_PKEY_verify(e.verify_ctx.get(), sig.signature_value.data(), sig.signature_value.size(), input_digest.data(),
                        input_digest.size()) != 1)
      return base::failure{fail(errc::bad_signature)};
    if (options_.memo_capacity > 0) {
      while (memo_.size() >= options_.memo_capacity && !memo_order_.empty()) {
        memo_.erase(memo_order_.front());
        memo_order_.pop_front();
      }
      memo_.insert(memo_key);
      memo_order_.push_back(memo_key);
    }
  }

  PeerIdentity identity = e.identity;
  if (signing_node) identity.node_ids = {*signing_node};
  return identity;
}

}  // namespace disco::security
